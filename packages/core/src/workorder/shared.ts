import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, type Permission, requirePermission, requirePortal } from "../access";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import {
  workOrderAssignmentTable,
  workOrderPriorities,
  workOrderStatuses,
  workOrderTable,
  workOrderTypes,
} from "./workorder.sql";

export type WorkOrderRow = typeof workOrderTable.$inferSelect;

const Address = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string(),
});

export const AssigneeInfo = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.enum(["technician", "helper", "lead"]),
  isPrimary: z.boolean(),
});
export type AssigneeInfo = z.infer<typeof AssigneeInfo>;

export const CustomerInfo = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

/** A work order as every API and app reads it (the shape promised to the field apps and the board). */
export const Info = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(workOrderStatuses),
  priority: z.enum(workOrderPriorities),
  workType: z.enum(workOrderTypes),
  subscriberId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  ticketId: z.uuid().nullable(),
  projectId: z.uuid().nullable(),
  address: Address.nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  region: z.string().nullable(),
  /** Skill ids (the dispatch domain's catalogue). */
  requiredSkills: z.array(z.string()),
  estimatedDurationMinutes: z.number().int(),
  accessNotes: z.string().nullable(),
  tags: z.array(z.string()),
  vendorOrganizationId: z.uuid().nullable(),
  primaryAssigneeId: z.uuid().nullable(),
  assignees: z.array(AssigneeInfo),
  scheduledStart: z.iso.datetime().nullable(),
  scheduledEnd: z.iso.datetime().nullable(),
  windowStart: z.iso.datetime().nullable(),
  windowEnd: z.iso.datetime().nullable(),
  estimatedArrivalAt: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime().nullable(),
  pausedAt: z.iso.datetime().nullable(),
  resumedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  canceledAt: z.iso.datetime().nullable(),
  totalActiveSeconds: z.number().int(),
  customer: CustomerInfo.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Info = z.infer<typeof Info>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toInfo(
  w: WorkOrderRow,
  assignees: AssigneeInfo[],
  customer: z.infer<typeof CustomerInfo> | null,
): Info {
  return {
    id: w.id,
    number: w.number,
    title: w.title,
    description: w.description,
    status: w.status,
    priority: w.priority,
    workType: w.workType,
    subscriberId: w.subscriberId,
    personId: w.personId,
    ticketId: w.ticketId,
    projectId: w.projectId,
    address: w.address ?? null,
    latitude: w.latitude,
    longitude: w.longitude,
    region: w.region,
    requiredSkills: w.requiredSkills,
    estimatedDurationMinutes: w.estimatedDurationMinutes,
    accessNotes: w.accessNotes,
    tags: w.tags,
    vendorOrganizationId: w.vendorOrganizationId,
    primaryAssigneeId: w.primaryAssigneeId,
    assignees,
    scheduledStart: iso(w.scheduledStart),
    scheduledEnd: iso(w.scheduledEnd),
    windowStart: iso(w.windowStart),
    windowEnd: iso(w.windowEnd),
    estimatedArrivalAt: iso(w.estimatedArrivalAt),
    startedAt: iso(w.startedAt),
    pausedAt: iso(w.pausedAt),
    resumedAt: iso(w.resumedAt),
    completedAt: iso(w.completedAt),
    canceledAt: iso(w.canceledAt),
    totalActiveSeconds: w.totalActiveSeconds,
    customer,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** Each job's assignees with their names, primary first, by work-order id. */
export async function assigneesOf(tx: Tx, ids: string[]): Promise<Map<string, AssigneeInfo[]>> {
  const byJob = new Map<string, AssigneeInfo[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byJob;
  const rows = await tx
    .select({ a: workOrderAssignmentTable, name: userTable.displayName })
    .from(workOrderAssignmentTable)
    .innerJoin(userTable, eq(userTable.id, workOrderAssignmentTable.userId))
    .where(inArray(workOrderAssignmentTable.workOrderId, ids))
    .orderBy(
      sql`${workOrderAssignmentTable.isPrimary} desc`,
      asc(workOrderAssignmentTable.createdAt),
      asc(workOrderAssignmentTable.userId),
    );
  for (const r of rows) {
    byJob.get(r.a.workOrderId)?.push({ userId: r.a.userId, name: r.name, role: r.a.role, isPrimary: r.a.isPrimary });
  }
  return byJob;
}

/** The on-site contact of each job: its person, else the subscriber's person. */
async function customersOf(tx: Tx, rows: WorkOrderRow[]): Promise<Map<string, Info["customer"]>> {
  const personIds = new Set<string>();
  const subscriberIds = rows.map((r) => r.subscriberId).filter((id): id is string => !!id);
  const subscriberPerson = new Map<string, string>();
  if (subscriberIds.length > 0) {
    const subs = await tx
      .select({ id: subscriberTable.id, personId: subscriberTable.personId })
      .from(subscriberTable)
      .where(inArray(subscriberTable.id, subscriberIds));
    for (const s of subs) if (s.personId) subscriberPerson.set(s.id, s.personId);
  }
  const personOf = (r: WorkOrderRow) => r.personId ?? (r.subscriberId ? subscriberPerson.get(r.subscriberId) : null);
  for (const r of rows) {
    const p = personOf(r);
    if (p) personIds.add(p);
  }
  const people = new Map<string, Info["customer"]>();
  if (personIds.size > 0) {
    const found = await tx
      .select({ id: personTable.id, name: personTable.displayName, phone: personTable.phone, email: personTable.email })
      .from(personTable)
      .where(inArray(personTable.id, [...personIds]));
    for (const p of found) people.set(p.id, { name: p.name, phone: p.phone, email: p.email });
  }
  return new Map(rows.map((r) => [r.id, people.get(personOf(r) ?? "") ?? null]));
}

/** Jobs as the API returns them, in the given order: assignees and customer included, two queries each. */
export async function infos(tx: Tx, rows: WorkOrderRow[]): Promise<Info[]> {
  const ids = rows.map((r) => r.id);
  const [assignees, customers] = await Promise.all([assigneesOf(tx, ids), customersOf(tx, rows)]);
  return rows.map((r) => toInfo(r, assignees.get(r.id) ?? [], customers.get(r.id) ?? null));
}

export const infoOf = async (tx: Tx, row: WorkOrderRow): Promise<Info> => (await infos(tx, [row]))[0] as Info;

/**
 * Whom the caller may see and act on. Dispatchers and admins (the `all` permission): every job.
 * Technicians (the field permission): jobs they are assigned to, primary or member. Vendor crews:
 * jobs of their own organisation they are assigned to. Everyone else is refused.
 */
export type Reach =
  | { kind: "all" }
  | { kind: "assigned"; userId: string; vendorOrganizationId: string | null; vendor: boolean };

export function reach(all: Permission, own: Permission): Reach {
  const actor = useActor();
  if (actor.type === "user" && actor.properties.portal === "vendor") {
    const vendor = requirePortal("vendor");
    return {
      kind: "assigned",
      userId: vendor.properties.userId,
      vendorOrganizationId: vendor.properties.organizationId ?? null,
      vendor: true,
    };
  }
  if (holds(all)) return { kind: "all" };
  if (actor.type === "user" && actor.properties.portal === "staff" && holds(own)) {
    return { kind: "assigned", userId: actor.properties.userId, vendorOrganizationId: null, vendor: false };
  }
  requirePermission(all);
  throw new AppError("forbidden", `You need the ${all} permission for this`);
}

/** The SQL condition on `work_order` for what `r` reaches. */
export function reachWhere(r: Reach): SQL | undefined {
  if (r.kind === "all") return undefined;
  const w = workOrderTable;
  const member = sql`${w.id} = any(array(select ${workOrderAssignmentTable.workOrderId} from ${workOrderAssignmentTable} where ${workOrderAssignmentTable.userId} = ${r.userId}))`;
  const assigned = or(eq(w.primaryAssigneeId, r.userId), member) as SQL;
  if (!r.vendor) return assigned;
  if (!r.vendorOrganizationId) return sql`false`;
  return and(assigned, eq(w.vendorOrganizationId, r.vendorOrganizationId));
}

/**
 * The live job with this id that `r` reaches (locked when `lock`). One the caller may not reach is
 * not_found, as a missing one: a technician learns nothing about other people's jobs.
 */
export async function reachableJob(tx: Tx, r: Reach, id: string, lock = false): Promise<WorkOrderRow> {
  const query = tx
    .select()
    .from(workOrderTable)
    .where(and(eq(workOrderTable.id, id), live(workOrderTable), reachWhere(r)));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new AppError("not_found", `Work order ${id} does not exist`);
  return row;
}

/** The acting user's id for `created_by` and authors (API keys and jobs have none). */
export function actingUserId(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

/** Whether the caller reads internal notes and attachments: staff do, vendor crews do not. */
export const seesInternal = (r: Reach) => !(r.kind === "assigned" && r.vendor);
