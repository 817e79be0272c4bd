import { and, eq, exists, inArray, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import * as z from "zod";
import { holds, type Permission, requirePermission } from "../access";
import { userTable } from "../auth/auth.sql";
import { organizationTable } from "../organization/organization.sql";
import { useActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { int, text } from "../platform/input";
import * as Money from "../platform/money";
import { live } from "../platform/soft-delete";
import { ownOrganization } from "../portal/vendor";
import { projectTable } from "../project/project.sql";
import { contractSettingTable, installationProjectTable, installationStatuses, vendorQuoteTable } from "./contract.sql";
import { DEFAULT_APPROVAL_THRESHOLD_MINOR } from "./values";

export type ProjectRow = typeof installationProjectTable.$inferSelect;

/**
 * Who is asking: staff (with the permission the verb names) see every record; a vendor user sees
 * its own organisation's records only, and a record outside that answers not_found as a missing one.
 */
export type Party = { kind: "staff"; userId: string | null } | { kind: "vendor"; userId: string; orgId: string };

export async function partyOf(tx: Tx, staffPermission: Permission): Promise<Party> {
  const actor = useActor();
  if (actor.type === "user" && actor.properties.portal === "vendor") {
    const org = await ownOrganization(tx);
    return { kind: "vendor", userId: actor.properties.userId, orgId: org.id };
  }
  requirePermission(staffPermission);
  return { kind: "staff", userId: actor.type === "user" ? actor.properties.userId : null };
}

/** A verb only vendor users call (quoting, as-built, invoicing). */
export async function vendorParty(tx: Tx): Promise<Extract<Party, { kind: "vendor" }>> {
  const actor = useActor();
  if (actor.type !== "user" || actor.properties.portal !== "vendor") {
    throw new AppError("forbidden", "Only a vendor account of the organisation doing the work can do this");
  }
  return (await partyOf(tx, "vendor:project:read")) as Extract<Party, { kind: "vendor" }>;
}

/** A verb only staff call; returns the acting staff user's id. */
export function staffUser(permission: Permission): string | null {
  requirePermission(permission);
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

export const canApprove = () => holds("vendor:quote:approve");

/** Whether the bidding window is open now. */
export const biddingOpen = (p: ProjectRow, now = new Date()) =>
  (p.status === "open_for_bidding" || p.status === "quoted") &&
  p.vendorOrganizationId === null &&
  !!p.biddingClosesAt &&
  p.biddingClosesAt > now;

/**
 * The projects a vendor organisation may see: open for bidding now, assigned to it, or one it quoted.
 * Everything else does not exist for it.
 */
export function vendorSees(orgId: string): SQL {
  const p = installationProjectTable;
  const quoted = exists(
    sql`(select 1 from ${vendorQuoteTable} where ${vendorQuoteTable.installationProjectId} = ${p.id} and ${vendorQuoteTable.vendorOrganizationId} = ${orgId})`,
  );
  const available = and(
    inArray(p.status, ["open_for_bidding", "quoted"]),
    sql`${p.vendorOrganizationId} is null`,
    sql`${p.biddingClosesAt} > now()`,
  ) as SQL;
  return or(eq(p.vendorOrganizationId, orgId), quoted, available) as SQL;
}

/** The live installation project `party` may see (locked when `lock`); anything else is not_found. */
export async function projectFor(tx: Tx, party: Party, id: string, lock = false): Promise<ProjectRow> {
  const p = installationProjectTable;
  const query = tx
    .select()
    .from(p)
    .where(and(eq(p.id, id), live(p), party.kind === "vendor" ? vendorSees(party.orgId) : undefined));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new AppError("not_found", `Installation project ${id} does not exist`);
  return row;
}

type OrgScoped = PgTable & { id: PgColumn; vendorOrganizationId: PgColumn };

/**
 * The one scoped row lookup of quotes, as-builts and invoices: staff any row; a vendor its own
 * organisation's only, and anything else answers not_found as a missing one (locked when `lock`).
 */
export async function scopedRow<T extends OrgScoped>(
  tx: Tx,
  table: T,
  label: string,
  party: Party,
  rowId: string,
  lock = false,
): Promise<T["$inferSelect"]> {
  const query = tx
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, rowId), party.kind === "vendor" ? eq(table.vendorOrganizationId, party.orgId) : undefined));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new AppError("not_found", `${label} ${rowId} does not exist`);
  return row as T["$inferSelect"];
}

/** A project that is being (or has been) built by `party`'s organisation. */
export function assertBuilder(project: ProjectRow, party: Extract<Party, { kind: "vendor" }>) {
  if (project.vendorOrganizationId !== party.orgId) {
    throw new AppError("forbidden", `Installation project ${project.number} is not awarded to your organisation`);
  }
}

export function conflict(message: string, key: string, params?: Record<string, string>) {
  return new AppError("conflict", message, [], { reason: { key, ...(params ? { params } : {}) } });
}

export const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);

/** The approval threshold (minor units): quotes above it need a second, different approver. */
export async function thresholdOf(tx: Tx): Promise<number> {
  const [row] = await tx.select().from(contractSettingTable).where(eq(contractSettingTable.id, "default"));
  return row?.approvalThresholdMinor ?? DEFAULT_APPROVAL_THRESHOLD_MINOR;
}

/** Display names of users and organisations, for the ids an Info carries. */
export async function namesOf(tx: Tx, userIds: (string | null)[], orgIds: (string | null)[]) {
  const users = [...new Set(userIds.filter((v): v is string => !!v))];
  const orgs = [...new Set(orgIds.filter((v): v is string => !!v))];
  const u =
    users.length > 0
      ? await tx
          .select({ id: userTable.id, name: userTable.displayName, email: userTable.email })
          .from(userTable)
          .where(inArray(userTable.id, users))
      : [];
  const o =
    orgs.length > 0
      ? await tx
          .select({ id: organizationTable.id, name: organizationTable.name })
          .from(organizationTable)
          .where(inArray(organizationTable.id, orgs))
      : [];
  const user = new Map(u.map((x) => [x.id, x.name || x.email]));
  const org = new Map(o.map((x) => [x.id, x.name]));
  return {
    user: (id: string | null) => (id ? (user.get(id) ?? null) : null),
    org: (id: string | null) => (id ? (org.get(id) ?? null) : null),
  };
}

export async function projectNames(tx: Tx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: projectTable.id, name: projectTable.name, number: projectTable.number })
    .from(projectTable)
    .where(inArray(projectTable.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, `${r.number} · ${r.name}`]));
}

export const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/**
 * A proposed or as-built route: a GeoJSON LineString in WGS84, [longitude, latitude] pairs, at least
 * two points, every coordinate in range (what the map draws and a GIS tool reads back).
 */
export const RouteInput = z.object({
  type: z.literal("LineString"),
  coordinates: z
    .array(
      z.tuple([
        z.number().min(-180, "longitude must be ≥ -180").max(180, "longitude must be ≤ 180"),
        z.number().min(-90, "latitude must be ≥ -90").max(90, "latitude must be ≤ 90"),
      ]),
    )
    .min(2, "a route needs at least 2 points")
    .max(5000, "a route has at most 5000 points"),
});
export const RouteInfo = z.object({
  type: z.literal("LineString"),
  coordinates: z.array(z.tuple([z.number(), z.number()])),
});

/** A quantity as text with up to three decimals ("120.5" m); kept exact in thousandths. */
const quantityText = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,3})?$/, "must be a number with at most 3 decimals, like 120.5")
  .refine((q) => Number(q) > 0, "must be above 0");

/** One money line as a client sends it: quantity text, unit price in minor units, tax in basis points. */
export const LineInput = z.object({
  description: text(500),
  quantity: quantityText,
  unit: text(20).default("unit"),
  unitPriceMinor: int(0, Money.MAX_MINOR),
  taxRateBp: int(0, Money.BASIS_POINTS).default(0),
});
export const QuoteLineInput = LineInput.extend({
  cableType: text(100).optional(),
  fibreCount: int(0, 10_000).optional(),
  spliceCount: int(0, 100_000).optional(),
});

export const LineInfo = z.object({
  position: z.number().int(),
  description: z.string(),
  /** Exact decimal text ("120.5"). */
  quantity: z.string(),
  unit: z.string(),
  unitPriceMinor: z.number().int(),
  taxRateBp: z.number().int(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});
export const QuoteLineInfo = LineInfo.extend({
  cableType: z.string().nullable(),
  fibreCount: z.number().int().nullable(),
  spliceCount: z.number().int().nullable(),
});

/** Each line's figures through platform/money (rounded once per line, half away from zero), and the sums. */
export function priced<L extends z.output<typeof LineInput>>(lines: L[]) {
  const rows = lines.map((l, position) => {
    const quantity = Money.parseQuantity(l.quantity);
    const a = Money.lineAmounts({ quantity, unitPriceMinor: l.unitPriceMinor, discountBp: 0, taxRateBp: l.taxRateBp });
    return {
      ...l,
      position,
      quantity,
      subtotalMinor: a.netMinor,
      taxMinor: a.taxMinor,
      totalMinor: a.totalMinor,
      amounts: a,
    };
  });
  const t = Money.documentTotals(rows.map((r) => r.amounts));
  return {
    rows: rows.map(({ amounts: _, ...r }) => r),
    subtotalMinor: t.netMinor,
    taxMinor: t.taxMinor,
    totalMinor: t.totalMinor,
  };
}

type StoredLine = {
  position: number;
  description: string;
  quantity: number;
  unit: string;
  unitPriceMinor: number;
  taxRateBp: number;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
};
export const lineInfo = (l: StoredLine): z.infer<typeof LineInfo> => ({
  position: l.position,
  description: l.description,
  quantity: Money.quantityString(l.quantity),
  unit: l.unit,
  unitPriceMinor: l.unitPriceMinor,
  taxRateBp: l.taxRateBp,
  subtotalMinor: l.subtotalMinor,
  taxMinor: l.taxMinor,
  totalMinor: l.totalMinor,
});

export const ProjectStatus = z.enum(installationStatuses);
