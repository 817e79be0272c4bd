import { sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import * as Person from "../person";
import { createTransaction, type Transaction } from "../platform/db";
import { fn } from "../platform/fn";

/**
 * Every `person_id` column outside the person domain and what a merge does with it. The person domain's
 * merge moves channels and subscribers; this moves the rest. tests/api/contact.test.ts reads the
 * database's foreign keys to `person` and fails when a table is missing here, so a new table decides.
 */
export const mergeRules = {
  ticket: "move",
  work_order: "move",
  /** At most one unresolved conversation per (channel, person): the others stay on the merged-away person. */
  inbox_conversation: "move unless the target has an unresolved one on that channel",
  /** At most one open lead per (person, pipeline): a second open one stays on the merged-away person. */
  crm_lead: "move unless the target has an open lead in that pipeline",
  quote: "move",
  sales_order: "move",
  project: "move",
  /** Unique per (campaign, person, step): the target's row wins. */
  crm_campaign_recipient: "move unless the target has that campaign step",
  /** One per (person, channel): the latest word wins, as the consent table's rule says. */
  crm_marketing_consent: "move, or keep the later of the two words",
  crm_survey_invitation: "move",
  crm_survey_response: "move",
  /** Sign-in accounts stay with the person they were created for; staff relink them by hand. */
  user_account: "keep",
} as const;

export const MergeResult = z.object({
  person: Person.Info,
  moved: z.record(z.string(), z.number().int()),
});
export type MergeResult = z.infer<typeof MergeResult>;

async function count(tx: Transaction, statement: ReturnType<typeof sql>): Promise<number> {
  const result = await tx.execute(statement);
  return Number((result as unknown as { rowCount?: number | null }).rowCount ?? 0);
}

/**
 * Folds `sourceId` into `targetId`: the person merge (channels, subscribers, blanks filled, source
 * retired with `merged_into_id`), then every other record of the source follows `mergeRules`, all in
 * one transaction, audited as `contact.merged` with what moved. A replay finds the source merged (412).
 */
export const merge = fn(Person.merge.schema, async ({ sourceId, targetId }): Promise<MergeResult> => {
  requirePermission("crm:contact:write");
  return createTransaction(async (tx) => {
    const person = await Person.merge({ sourceId, targetId });
    const from = sourceId;
    const to = targetId;
    const moved: Record<string, number> = {};
    for (const table of ["ticket", "work_order", "quote", "sales_order", "project"] as const) {
      moved[table] = await count(
        tx,
        sql`update ${sql.identifier(table)} set person_id = ${to} where person_id = ${from}`,
      );
    }
    for (const table of ["crm_survey_invitation", "crm_survey_response"] as const) {
      moved[table] = await count(
        tx,
        sql`update ${sql.identifier(table)} set person_id = ${to} where person_id = ${from}`,
      );
    }
    moved.inbox_conversation = await count(
      tx,
      sql`update inbox_conversation o set person_id = ${to}
        where o.person_id = ${from} and (o.status = 'resolved' or not exists (
          select 1 from inbox_conversation t
          where t.person_id = ${to} and t.channel_id = o.channel_id and t.status <> 'resolved'))`,
    );
    moved.crm_lead = await count(
      tx,
      sql`update crm_lead o set person_id = ${to}
        where o.person_id = ${from} and (o.status in ('won', 'lost') or o.deleted_at is not null or not exists (
          select 1 from crm_lead t
          where t.person_id = ${to} and t.pipeline_id = o.pipeline_id
            and t.status not in ('won', 'lost') and t.deleted_at is null))`,
    );
    moved.crm_campaign_recipient = await count(
      tx,
      sql`update crm_campaign_recipient o set person_id = ${to}
        where o.person_id = ${from} and not exists (
          select 1 from crm_campaign_recipient t
          where t.person_id = ${to} and t.campaign_id = o.campaign_id and t.step = o.step)`,
    );
    // Consent: where both have a word on a channel, the later one is kept on the target.
    await tx.execute(sql`update crm_marketing_consent t
      set state = s.state, source = s.source, campaign_id = s.campaign_id, updated_at = s.updated_at
      from crm_marketing_consent s
      where t.person_id = ${to} and s.person_id = ${from} and s.channel = t.channel and s.updated_at > t.updated_at`);
    moved.crm_marketing_consent = await count(
      tx,
      sql`update crm_marketing_consent o set person_id = ${to}
        where o.person_id = ${from} and not exists (
          select 1 from crm_marketing_consent t where t.person_id = ${to} and t.channel = o.channel)`,
    );
    await Audit.record({
      action: "contact.merged",
      entityType: "person",
      entityId: targetId,
      changes: { sourceId: { to: sourceId }, moved: { to: moved } },
    });
    return { person, moved };
  });
});
