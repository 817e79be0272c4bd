import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, ilike, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { escapeHtml } from "../notification/templates";
import { personChannelTable, personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import { publicUrl } from "../platform/public-url";
import { sessionSecret } from "../platform/secrets";
import { containsPattern } from "../platform/sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { marketingConsentTable, type SegmentFilter as SegmentFilterRow } from "./campaign.sql";
import type { CampaignChannel } from "./values";

export { escapeHtml };

export const SegmentFilter = z
  .object({
    partyStatuses: z
      .array(z.enum(["lead", "contact", "customer", "subscriber"]))
      .max(4)
      .optional(),
    subscriberStatuses: z
      .array(z.enum(["active", "suspended", "terminated", "pending"]))
      .max(4)
      .optional(),
    regions: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    organizationIds: z.array(z.uuid()).max(50).optional(),
    search: z.string().trim().max(100).optional(),
  })
  .strict();
export type SegmentFilter = z.infer<typeof SegmentFilter>;

/** The people a filter selects: live, active people meeting every condition given. */
export function segmentWhere(filter: SegmentFilterRow): SQL {
  const p = personTable;
  const s = subscriberTable;
  const conditions: SQL[] = [sql`${p.deletedAt} is null`, eq(p.status, "active")];
  if (filter.partyStatuses?.length) conditions.push(inArray(p.partyStatus, filter.partyStatuses as never[]));
  if (filter.organizationIds?.length) conditions.push(inArray(p.organizationId, filter.organizationIds));
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    conditions.push(or(ilike(p.displayName, pattern), ilike(p.email, pattern)) as SQL);
  }
  if (filter.subscriberStatuses?.length || filter.regions?.length) {
    const sub: SQL[] = [eq(s.personId, p.id), sql`${s.deletedAt} is null`];
    if (filter.subscriberStatuses?.length) sub.push(inArray(s.status, filter.subscriberStatuses as never[]));
    if (filter.regions?.length)
      sub.push(
        inArray(
          sql`lower(${s.serviceAddress} ->> 'region')`,
          filter.regions.map((r) => r.toLowerCase()),
        ),
      );
    conditions.push(sql`exists (select 1 from ${s} where ${and(...sub)})`);
  }
  return and(...conditions) as SQL;
}

const consent = (channel: CampaignChannel, state: "opted_in" | "opted_out") =>
  sql`(select 1 from ${marketingConsentTable} where ${marketingConsentTable.personId} = ${personTable.id} and ${marketingConsentTable.channel} = ${channel} and ${marketingConsentTable.state} = ${state})`;

/**
 * Who may receive a campaign on `channel`: email to an address unless the person opted out; WhatsApp
 * templates only to a WhatsApp number of a person who opted in (Meta's rule) and has not opted out since.
 */
export function reachable(channel: CampaignChannel): SQL {
  if (channel === "email")
    return and(isNotNull(personTable.email), sql`not exists ${consent("email", "opted_out")}`) as SQL;
  return and(
    sql`exists (select 1 from ${personChannelTable} where ${personChannelTable.personId} = ${personTable.id} and ${personChannelTable.kind} = 'whatsapp' and ${personChannelTable.deletedAt} is null)`,
    sql`exists ${consent("whatsapp", "opted_in")}`,
  ) as SQL;
}

/** The address a person is reached at on `channel` (a correlated subquery for the WhatsApp number). */
export function addressOf(channel: CampaignChannel): SQL<string> {
  if (channel === "email") return sql<string>`${personTable.email}`;
  return sql<string>`(select ${personChannelTable.value} from ${personChannelTable} where ${personChannelTable.personId} = ${personTable.id} and ${personChannelTable.kind} = 'whatsapp' and ${personChannelTable.deletedAt} is null order by ${personChannelTable.isPrimary} desc, ${personChannelTable.createdAt} limit 1)`;
}

/** The signed-in staff user, or null (jobs and events act as the system). */
export function actingUserId(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

// --- Signed links: HMAC(session secret, purpose + recipient (+ url)); nothing stored, nothing guessable.

async function mac(purpose: string, value: string): Promise<string> {
  return createHmac("sha256", await sessionSecret())
    .update(`campaign.${purpose}.${value}`)
    .digest("base64url");
}

export async function sign(purpose: "open" | "click" | "unsubscribe", value: string): Promise<string> {
  return mac(purpose, value);
}

/** Whether `signature` is ours for this purpose and value (constant-time). */
export async function verify(purpose: "open" | "click" | "unsubscribe", value: string, signature: unknown) {
  if (typeof signature !== "string" || signature.length > 100) return false;
  const expected = Buffer.from(await mac(purpose, value));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const trackingBase = () => `${publicUrl()}/api/v1/t`;

export async function unsubscribeUrl(recipientId: string): Promise<string> {
  return `${trackingBase()}/unsubscribe?r=${recipientId}&s=${await sign("unsubscribe", recipientId)}`;
}
/** The portal page a person reads before confirming (the List-Unsubscribe URL redirects there on GET). */
export async function unsubscribePage(recipientId: string): Promise<string> {
  return `${publicUrl()}/unsubscribe?r=${recipientId}&s=${await sign("unsubscribe", recipientId)}`;
}
export async function openUrl(recipientId: string): Promise<string> {
  return `${trackingBase()}/open?r=${recipientId}&s=${await sign("open", recipientId)}`;
}
export async function clickUrl(recipientId: string, url: string): Promise<string> {
  const s = await sign("click", `${recipientId}\n${url}`);
  return `${trackingBase()}/click?r=${recipientId}&u=${encodeURIComponent(url)}&s=${s}`;
}

/** Per-person variables: `{{first_name}}`, `{{last_name}}`, `{{name}}`, `{{email}}`. */
export interface PersonVars {
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  email: string | null;
}
export const variableNames = ["first_name", "last_name", "name", "email"] as const;

/** Fills `{{var}}` from the person; `encode` is applied to each value (HTML bodies), unknown names stay. */
export function substitute(template: string, person: PersonVars, encode: (v: string) => string = (v) => v): string {
  const values: Record<string, string> = {
    first_name: person.firstName ?? person.displayName.split(" ")[0] ?? "",
    last_name: person.lastName ?? "",
    name: person.displayName,
    email: person.email ?? "",
  };
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? encode(values[name] as string) : whole,
  );
}
