import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizationTable } from "../organization/organization.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { channelKinds, partyStatuses } from "./values";

export { type ChannelKind, channelKinds, type PartyStatus, partyStatuses } from "./values";

export const personStatuses = ["active", "inactive", "archived"] as const;

/** The universal party record. `email` is stored lower-cased and unique among people not deleted. */
export const personTable = pgTable(
  "person",
  {
    id: id(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    displayName: text("display_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    organizationId: uuid("organization_id").references(() => organizationTable.id),
    partyStatus: text("party_status", { enum: partyStatuses }).notNull().default("lead"),
    status: text("status", { enum: personStatuses }).notNull().default("active"),
    locale: text("locale"),
    timezone: text("timezone"),
    /** Set with `deleted_at` when this person was merged into another. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => personTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("person_email_idx").on(t.email).where(sql`${t.deletedAt} is null`),
    index("person_organization_idx").on(t.organizationId).where(sql`${t.deletedAt} is null`),
    index("person_merged_into_idx").on(t.mergedIntoId),
  ],
);

/** How a person is reached. `value` is normalised; one owner per (kind, value) among channels not deleted. */
export const personChannelTable = pgTable(
  "person_channel",
  {
    id: id(),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    kind: text("kind", { enum: channelKinds }).notNull(),
    value: text("value").notNull(),
    label: text("label"),
    isPrimary: boolean("is_primary").notNull().default(false),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("person_channel_value_idx").on(t.kind, t.value).where(sql`${t.deletedAt} is null`),
    index("person_channel_person_idx").on(t.personId),
  ],
);

/** One row per party-status change, written in the change's transaction. */
export const personStatusLogTable = pgTable(
  "person_status_log",
  {
    id: id(),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    fromStatus: text("from_status", { enum: partyStatuses }),
    toStatus: text("to_status", { enum: partyStatuses }).notNull(),
    reason: text("reason"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [index("person_status_log_person_idx").on(t.personId, t.at)],
);

/** One row per merge, with the source as it was just before, so a merge can be inspected or undone by hand. */
export const personMergeLogTable = pgTable(
  "person_merge_log",
  {
    id: id(),
    sourceId: uuid("source_id")
      .notNull()
      .references(() => personTable.id),
    targetId: uuid("target_id")
      .notNull()
      .references(() => personTable.id),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    at: instant("at").notNull().defaultNow(),
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("person_merge_log_source_idx").on(t.sourceId), index("person_merge_log_target_idx").on(t.targetId)],
);
