import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { inboxConversationTable } from "../inbox/inbox.sql";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { leadSources, leadStatuses, openLeadStatuses } from "./values";

export { type LeadSource, type LeadStatus, leadSources, leadStatuses, openLeadStatuses } from "./values";

/** A sales pipeline (residential, enterprise…): its stages are ordered by `order_index`. */
export const pipelineTable = pgTable(
  "crm_pipeline",
  {
    id: id(),
    name: text("name").notNull(),
    /** The pipeline a lead lands in when none is named. At most one. */
    isDefault: boolean("is_default").notNull().default(false),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("crm_pipeline_name_idx").on(t.name).where(sql`${t.deletedAt} is null`),
    uniqueIndex("crm_pipeline_default_idx").on(t.isDefault).where(sql`${t.isDefault} and ${t.deletedAt} is null`),
  ],
);

/** A column of the kanban. Moving a lead into a stage sets its probability to the stage's default. */
export const pipelineStageTable = pgTable(
  "crm_pipeline_stage",
  {
    id: id(),
    pipelineId: uuid("pipeline_id")
      .notNull()
      .references(() => pipelineTable.id),
    name: text("name").notNull(),
    orderIndex: integer("order_index").notNull(),
    /** Percent, 0–100, used by the weighted forecast. */
    defaultProbability: integer("default_probability").notNull().default(50),
    /** The open status a lead takes when moved here (null: its status stays). */
    status: text("status", { enum: openLeadStatuses }),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("crm_pipeline_stage_order_idx").on(t.pipelineId, t.orderIndex).where(sql`${t.deletedAt} is null`),
    check("crm_pipeline_stage_probability", sql`${t.defaultProbability} between 0 and 100`),
  ],
);

/**
 * A sales opportunity for one person (and their organisation). v1's fields; money is integer minor
 * units of `currency`. At most one open lead per (person, pipeline): the dedupe rule is an index, so
 * two concurrent creates cannot both win.
 */
export const leadTable = pgTable(
  "crm_lead",
  {
    id: id(),
    number: text("number").notNull(),
    title: text("title").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    organizationId: uuid("organization_id").references(() => organizationTable.id),
    pipelineId: uuid("pipeline_id")
      .notNull()
      .references(() => pipelineTable.id),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => pipelineStageTable.id),
    status: text("status", { enum: leadStatuses }).notNull().default("new"),
    ownerUserId: uuid("owner_user_id").references(() => userTable.id),
    valueMinor: bigint("value_minor", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull().default("NGN"),
    /** Percent, 0–100; the stage's default unless set by hand. */
    probability: integer("probability").notNull().default(50),
    expectedCloseDate: date("expected_close_date"),
    source: text("source", { enum: leadSources }).notNull().default("other"),
    /** The inbox conversation the lead started from, kept linked. */
    conversationId: uuid("conversation_id").references(() => inboxConversationTable.id),
    campaignId: uuid("campaign_id"),
    /** A reseller's lead: the reseller organisation that brought it (commission follows its orders). */
    resellerOrganizationId: uuid("reseller_organization_id").references(() => organizationTable.id),
    region: text("region"),
    address: text("address"),
    notes: text("notes"),
    /** Order inside its kanban column (fractional: a move writes one row). */
    rank: text("rank").notNull().default("m"),
    closedAt: instant("closed_at"),
    lostReason: text("lost_reason"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("crm_lead_number_idx").on(t.number),
    uniqueIndex("crm_lead_open_person_idx")
      .on(t.personId, t.pipelineId)
      .where(sql`${t.status} not in ('won', 'lost') and ${t.deletedAt} is null`),
    index("crm_lead_board_idx").on(t.pipelineId, t.stageId, t.rank).where(sql`${t.deletedAt} is null`),
    // The kanban's columns hold open leads only: one index range per column, keyset by (rank, id).
    index("crm_lead_open_board_idx")
      .on(t.pipelineId, t.stageId, t.rank, t.id)
      .where(sql`${t.status} not in ('won', 'lost') and ${t.deletedAt} is null`),
    index("crm_lead_recent_idx").on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("crm_lead_close_idx").on(t.pipelineId, t.expectedCloseDate).where(sql`${t.deletedAt} is null`),
    index("crm_lead_owner_idx").on(t.ownerUserId, t.status).where(sql`${t.deletedAt} is null`),
    index("crm_lead_conversation_idx").on(t.conversationId),
    index("crm_lead_person_idx").on(t.personId),
    check("crm_lead_probability", sql`${t.probability} between 0 and 100`),
    check("crm_lead_value", sql`${t.valueMinor} >= 0`),
    check("crm_lead_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
