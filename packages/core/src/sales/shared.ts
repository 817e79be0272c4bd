import { inArray } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { leadSources, leadStatuses, type leadTable, pipelineStageTable } from "./sales.sql";

export type LeadRow = typeof leadTable.$inferSelect;

/** A lead as the API, the board and other domains read it. Money: integer minor units of `currency`. */
export const Info = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.enum(leadStatuses),
  personId: z.uuid(),
  personName: z.string(),
  organizationId: z.uuid().nullable(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  stageName: z.string(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  valueMinor: z.number().int(),
  currency: z.string(),
  /** Percent, 0–100. */
  probability: z.number().int(),
  /** YYYY-MM-DD. */
  expectedCloseDate: z.string().nullable(),
  source: z.enum(leadSources),
  conversationId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  resellerOrganizationId: z.uuid().nullable(),
  region: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  /** Place in its kanban column (compare as text). */
  rank: z.string(),
  closedAt: z.string().nullable(),
  lostReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

const names = async (tx: Tx, table: typeof personTable | typeof userTable, ids: (string | null)[]) => {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await tx.select({ id: table.id, name: table.displayName }).from(table).where(inArray(table.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
};

/** Leads as the API returns them, in the given order (three lookups for the names, whatever the count). */
export async function infos(tx: Tx, rows: LeadRow[]): Promise<Info[]> {
  if (rows.length === 0) return [];
  const people = await names(
    tx,
    personTable,
    rows.map((r) => r.personId),
  );
  const owners = await names(
    tx,
    userTable,
    rows.map((r) => r.ownerUserId),
  );
  const stageRows = await tx
    .select({ id: pipelineStageTable.id, name: pipelineStageTable.name })
    .from(pipelineStageTable)
    .where(inArray(pipelineStageTable.id, [...new Set(rows.map((r) => r.stageId))]));
  const stages = new Map(stageRows.map((s) => [s.id, s.name]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    personId: r.personId,
    personName: people.get(r.personId) ?? "",
    organizationId: r.organizationId,
    pipelineId: r.pipelineId,
    stageId: r.stageId,
    stageName: stages.get(r.stageId) ?? "",
    ownerUserId: r.ownerUserId,
    ownerName: r.ownerUserId ? (owners.get(r.ownerUserId) ?? null) : null,
    valueMinor: r.valueMinor,
    currency: r.currency,
    probability: r.probability,
    expectedCloseDate: r.expectedCloseDate,
    source: r.source,
    conversationId: r.conversationId,
    campaignId: r.campaignId,
    resellerOrganizationId: r.resellerOrganizationId,
    region: r.region,
    address: r.address,
    notes: r.notes,
    rank: r.rank,
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
    lostReason: r.lostReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export const infoOf = async (tx: Tx, row: LeadRow): Promise<Info> => (await infos(tx, [row]))[0] as Info;

/** The acting staff user's id (API keys, jobs and portal accounts have none here). */
export function actingStaffId(): string | null {
  const actor = useActor();
  return actor.type === "user" && actor.properties.portal === "staff" ? actor.properties.userId : null;
}

/** ISO 4217 code as stored: three letters, upper-cased. */
export const currency = () =>
  z
    .string()
    .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 code")
    .transform((c) => c.toUpperCase());
