import { and, eq, type SQL } from "drizzle-orm";
import * as z from "zod";
import { organizationTable } from "../organization/organization.sql";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { live } from "../platform/soft-delete";
import { subscriberStatuses, subscriberTable } from "../subscriber/subscriber.sql";

/** What a portal account sees of a subscriber: the service, never the sync bookkeeping. */
export const SubscriberView = z.object({
  id: z.uuid(),
  subscriberNumber: z.string(),
  accountNumber: z.string().nullable(),
  status: z.enum(subscriberStatuses),
  planName: z.string().nullable(),
  planSpeed: z.string().nullable(),
  serviceAddress: z
    .object({
      line1: z.string(),
      line2: z.string().optional(),
      city: z.string(),
      region: z.string().optional(),
      postalCode: z.string().optional(),
      country: z.string(),
    })
    .nullable(),
  organizationId: z.uuid().nullable(),
  organizationName: z.string().nullable(),
  lastSyncedAt: z.iso.datetime(),
});
export type SubscriberView = z.infer<typeof SubscriberView>;

/** The columns of a SubscriberView, with the owning organisation's name joined in. */
export const subscriberColumns = {
  id: subscriberTable.id,
  subscriberNumber: subscriberTable.subscriberNumber,
  accountNumber: subscriberTable.accountNumber,
  status: subscriberTable.status,
  planName: subscriberTable.planName,
  planSpeed: subscriberTable.planSpeed,
  serviceAddress: subscriberTable.serviceAddress,
  organizationId: subscriberTable.organizationId,
  organizationName: organizationTable.name,
  lastSyncedAt: subscriberTable.lastSyncedAt,
};

type SubscriberRow = Awaited<ReturnType<typeof selectSubscribers>>[number];

export const toSubscriberView = (row: SubscriberRow): SubscriberView => ({
  ...row,
  serviceAddress: row.serviceAddress
    ? (Object.fromEntries(
        Object.entries(row.serviceAddress).filter(([, v]) => v != null),
      ) as SubscriberView["serviceAddress"])
    : null,
  lastSyncedAt: row.lastSyncedAt.toISOString(),
});

/** Live subscribers matching `scope`, with their organisation's name; the scope is always part of the SQL. */
export function selectSubscribers(tx: Tx, scope: SQL) {
  return tx
    .select(subscriberColumns)
    .from(subscriberTable)
    .leftJoin(organizationTable, eq(organizationTable.id, subscriberTable.organizationId))
    .where(and(live(subscriberTable), scope));
}

/** A refusal that looks exactly like a missing record, so ids outside the scope reveal nothing. */
export const notFound = (what: string, id: string) => new AppError("not_found", `${what} ${id} does not exist`);
