import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { inboxChannelTable } from "../inbox/inbox.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { campaignChannels, campaignStatuses, consentChannels, consentStates, recipientStatuses } from "./values";

/** A segment's filter: every condition given must hold (arrays: any of their values). */
export interface SegmentFilter {
  partyStatuses?: string[] | undefined;
  subscriberStatuses?: string[] | undefined;
  regions?: string[] | undefined;
  organizationIds?: string[] | undefined;
  search?: string | undefined;
}

/** A saved audience: a filter over people, their subscribers, service status and region. */
export const segmentTable = pgTable(
  "crm_segment",
  {
    id: id(),
    name: text("name").notNull(),
    filter: jsonb("filter").$type<SegmentFilter>().notNull(),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [uniqueIndex("crm_segment_name_idx").on(t.name).where(sql`${t.deletedAt} is null`)],
);

/** An email or WhatsApp-template campaign to a segment; its messages are its steps (one, or a nurture sequence). */
export const campaignTable = pgTable(
  "crm_campaign",
  {
    id: id(),
    name: text("name").notNull(),
    channel: text("channel", { enum: campaignChannels }).notNull(),
    status: text("status", { enum: campaignStatuses }).notNull().default("draft"),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segmentTable.id),
    /** WhatsApp campaigns: the channel whose approved templates they send. */
    inboxChannelId: uuid("inbox_channel_id").references(() => inboxChannelTable.id),
    scheduledAt: instant("scheduled_at"),
    startedAt: instant("started_at"),
    completedAt: instant("completed_at"),
    cancelledAt: instant("cancelled_at"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [index("crm_campaign_due_idx").on(t.status, t.scheduledAt).where(sql`${t.deletedAt} is null`)],
);

/**
 * One message of a campaign. Step 0 goes out when the campaign starts; step n waits `delay_hours`
 * after the person's step n−1 was sent (a nurture sequence).
 */
export const campaignStepTable = pgTable(
  "crm_campaign_step",
  {
    id: id(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaignTable.id),
    position: integer("position").notNull(),
    delayHours: integer("delay_hours").notNull().default(0),
    subject: text("subject"),
    body: text("body"),
    templateName: text("template_name"),
    templateLanguage: text("template_language"),
    /** The template's `{{1}}`, `{{2}}`…, each a text that may hold `{{first_name}}` and the like. */
    templateVariables: text("template_variables").array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("crm_campaign_step_idx").on(t.campaignId, t.position),
    check("crm_campaign_step_delay", sql`${t.delayHours} between 0 and 8760`),
  ],
);

/**
 * One message to one person: unique per (campaign, person, step), so materialising or sending a batch
 * again adds and sends nothing twice. Open, click and reply are recorded on the row.
 */
export const campaignRecipientTable = pgTable(
  "crm_campaign_recipient",
  {
    id: id(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaignTable.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    step: integer("step").notNull().default(0),
    status: text("status", { enum: recipientStatuses }).notNull().default("pending"),
    /** The address it went to (email, or the WhatsApp number). */
    address: text("address").notNull(),
    dueAt: instant("due_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    sendingStartedAt: instant("sending_started_at"),
    sentAt: instant("sent_at"),
    /** WhatsApp: the inbox message that carries the template (its delivery status lives there). */
    messageId: uuid("message_id"),
    error: text("error"),
    openedAt: instant("opened_at"),
    openCount: integer("open_count").notNull().default(0),
    clickedAt: instant("clicked_at"),
    clickCount: integer("click_count").notNull().default(0),
    repliedAt: instant("replied_at"),
    leadId: uuid("lead_id"),
    unsubscribedAt: instant("unsubscribed_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("crm_campaign_recipient_idx").on(t.campaignId, t.personId, t.step),
    index("crm_campaign_recipient_due_idx").on(t.status, t.dueAt),
    index("crm_campaign_recipient_person_idx").on(t.personId, t.sentAt),
  ],
);

/**
 * A person's marketing consent per channel. Email goes out unless `opted_out`; WhatsApp templates only
 * to `opted_in` (Meta's opt-in rule). One row per (person, channel): the latest word wins.
 */
export const marketingConsentTable = pgTable(
  "crm_marketing_consent",
  {
    id: id(),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    channel: text("channel", { enum: consentChannels }).notNull(),
    state: text("state", { enum: consentStates }).notNull(),
    /** How it was given or withdrawn: `unsubscribe_link`, `one_click`, `staff`, `import`… */
    source: text("source").notNull(),
    campaignId: uuid("campaign_id"),
    ...timestamps,
  },
  (t) => [uniqueIndex("crm_marketing_consent_idx").on(t.personId, t.channel)],
);
