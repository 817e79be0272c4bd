import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { subscriberStatuses } from "./values";

export { subscriberStatuses } from "./values";

export interface ServiceAddress {
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode?: string | undefined;
  country: string;
}

/** The operational customer identity, synced in from the billing system (CRM never owns billing). */
export const subscriberTable = pgTable(
  "subscriber",
  {
    id: id(),
    externalSystem: text("external_system").notNull(),
    externalId: text("external_id").notNull(),
    subscriberNumber: text("subscriber_number").notNull(),
    accountNumber: text("account_number"),
    status: text("status", { enum: subscriberStatuses }).notNull(),
    planName: text("plan_name"),
    planSpeed: text("plan_speed"),
    serviceAddress: jsonb("service_address").$type<ServiceAddress>(),
    /** The billing system's own change time: an older update never overwrites a newer one. */
    sourceUpdatedAt: instant("source_updated_at").notNull(),
    lastSyncedAt: instant("last_synced_at").notNull().defaultNow(),
    /** The CRM party this subscriber belongs to; set by staff (`Subscriber.link`), re-pointed by a merge. */
    personId: uuid("person_id").references(() => personTable.id),
    organizationId: uuid("organization_id").references(() => organizationTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("subscriber_external_idx").on(t.externalSystem, t.externalId),
    uniqueIndex("subscriber_number_idx").on(t.subscriberNumber),
    index("subscriber_person_idx").on(t.personId),
    index("subscriber_organization_idx").on(t.organizationId),
  ],
);

/** Status history: one row per change, written in the sync's transaction beside its `subscriber.status_changed` event. */
export const subscriberStatusLogTable = pgTable(
  "subscriber_status_log",
  {
    id: id(),
    subscriberId: text("subscriber_id").notNull(),
    eventId: text("event_id").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    changedAt: instant("changed_at").notNull(),
  },
  (t) => [
    uniqueIndex("subscriber_status_log_event_idx").on(t.eventId),
    index("subscriber_status_log_subscriber_idx").on(t.subscriberId, t.changedAt),
  ],
);
