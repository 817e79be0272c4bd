import { and, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import { holds } from "../access";
import type { Permission } from "../access/permissions";
import { userTable } from "../auth/auth.sql";
import { useActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { workOrderAssignmentTable, workOrderTable } from "../workorder/workorder.sql";

/** ISO 4217 code, upper case (NGN, USD, EUR). */
export const currency = () =>
  z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as NGN or USD"));

/** An amount in integer minor units (kobo, cents): never a float. */
export const minor = (min = 0) =>
  z
    .number({ error: "must be a whole number of minor units (kobo, cents)" })
    .int("must be a whole number of minor units (kobo, cents)")
    .min(min, `must be at least ${min}`)
    .max(1_000_000_000, "must be at most 1000000000");

/** The client's idempotency key: the same key from the same person is the same record. */
export const clientRef = () => text(100).regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits and _ . : -");

/** The signed-in user's id; anything else (API key, job, customer) cannot keep time or claim expenses. */
export function actingUser(): string {
  const actor = useActor();
  if (actor.type !== "user") {
    throw new AppError(actor.type === "public" ? "unauthenticated" : "forbidden", "Sign in as a staff user first");
  }
  return actor.properties.userId;
}

/** Whether the actor holds any of `keys` (no throw). */
export const holdsAny = (...keys: Permission[]) => keys.some((k) => holds(k));

/** The live work order, or not_found. */
export async function liveWorkOrder(tx: Tx, id: string) {
  const [row] = await tx
    .select()
    .from(workOrderTable)
    .where(and(eq(workOrderTable.id, id), live(workOrderTable)));
  if (!row) throw new AppError("not_found", `Work order ${id} does not exist`);
  return row;
}

export async function isAssigned(tx: Tx, workOrderId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ userId: workOrderAssignmentTable.userId })
    .from(workOrderAssignmentTable)
    .where(and(eq(workOrderAssignmentTable.workOrderId, workOrderId), eq(workOrderAssignmentTable.userId, userId)));
  return Boolean(row);
}

/** Display names by user id, for the lists. */
export async function namesOf(tx: Tx, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((x): x is string => Boolean(x)))];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ id: userTable.id, name: userTable.displayName })
    .from(userTable)
    .where(inArray(userTable.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Locks the person's account row: per-person checks (overlaps, rate periods) run one at a time. */
export async function lockUser(tx: Tx, userId: string, path: string) {
  const [row] = await tx
    .select({ id: userTable.id, portal: userTable.portal, deactivatedAt: userTable.deactivatedAt })
    .from(userTable)
    .where(eq(userTable.id, userId))
    .for("update");
  if (row?.portal !== "staff") {
    throw new AppError("validation", `${path}: ${userId} is not a staff user`, [
      { path, message: "is not a staff user" },
    ]);
  }
  return row;
}

/** The UTC calendar day of an instant (rates are in force by day). */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** The day before `day` (YYYY-MM-DD). */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return dayOf(d);
}

/** Whether two inclusive day periods (no end = open) share a day. */
export function periodsOverlap(
  a: { effectiveFrom: string; effectiveTo: string | null },
  b: { effectiveFrom: string; effectiveTo: string | null },
): boolean {
  const aEnd = a.effectiveTo ?? "9999-12-31";
  const bEnd = b.effectiveTo ?? "9999-12-31";
  return a.effectiveFrom <= bEnd && b.effectiveFrom <= aEnd;
}

/** The period in force on `day`, if any. */
export const inForce = <T extends { effectiveFrom: string; effectiveTo: string | null }>(rows: T[], day: string) =>
  rows.find((r) => r.effectiveFrom <= day && (r.effectiveTo === null || r.effectiveTo >= day));

/** Labour cost of `minutes` at an hourly rate, rounded half up to a whole minor unit. */
export const labourCost = (minutes: number, hourlyMinor: number) => Math.round((minutes * hourlyMinor) / 60);
