import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { id, instant, timestamps } from "../platform/sql";
import { slaCalendarTable } from "../sla/sla.sql";
import { teamTable } from "../team/team.sql";
import {
  conversationPriorities,
  inboxChannelKinds,
  inboxChannelTable,
  inboxConversationTable,
  inboxMessageTable,
} from "./inbox.sql";

/**
 * A heartbeat older than this makes an agent offline. The portal's live connection pings every 4
 * minutes (API Gateway drops a socket idle for 10), and its close marks the agent offline at once, so
 * staleness only decides for a connection that vanished without a close.
 */
export const STALE_SECONDS = 300;

export const manualStatuses = ["online", "away", "offline"] as const;
export type ManualStatus = (typeof manualStatuses)[number];

/**
 * An agent's inbox settings and load. `active_count` is the number of open conversations assigned to
 * them: assigners take a slot with a conditional UPDATE (`active_count < capacity`), every release
 * recounts it from the conversations under the row lock, and a job reconciles it. Presence is derived
 * from `manual_status` and the live connection's heartbeat (`last_seen_at`).
 */
export const inboxAgentTable = pgTable(
  "inbox_agent",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => userTable.id),
    capacity: integer("capacity").notNull().default(5),
    activeCount: integer("active_count").notNull().default(0),
    /** Null: follow the heartbeat. `away` and `offline` hold whatever the heartbeat says. */
    manualStatus: text("manual_status", { enum: manualStatuses }),
    lastSeenAt: instant("last_seen_at"),
    lastAssignedAt: instant("last_assigned_at"),
    ...timestamps,
  },
  (t) => [
    check("inbox_agent_capacity_check", sql`${t.capacity} between 0 and 1000`),
    check("inbox_agent_active_check", sql`${t.activeCount} >= 0`),
  ],
);

export const routingModes = ["round_robin", "least_loaded"] as const;
export type RoutingMode = (typeof routingModes)[number];

/** How a team hands out its conversations; `last_agent_id` is the round-robin cursor. */
export const inboxTeamRoutingTable = pgTable("inbox_team_routing", {
  teamId: uuid("team_id")
    .primaryKey()
    .references(() => teamTable.id),
  mode: text("mode", { enum: routingModes }).notNull().default("least_loaded"),
  lastAgentId: uuid("last_agent_id").references(() => userTable.id),
  ...timestamps,
});

/**
 * Ordered rules that pick a conversation's team before the channel's default team. Null conditions
 * match anything; every set condition must match; the lowest `position` wins.
 */
export const inboxRoutingRuleTable = pgTable(
  "inbox_routing_rule",
  {
    id: id(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    channelKind: text("channel_kind", { enum: inboxChannelKinds }),
    channelId: uuid("channel_id").references(() => inboxChannelTable.id),
    label: text("label"),
    priority: text("priority", { enum: conversationPriorities }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teamTable.id),
    ...timestamps,
  },
  (t) => [index("inbox_routing_rule_position_idx").on(t.position, t.id)],
);

export const queueStates = ["waiting", "assigned", "cancelled"] as const;
export type QueueState = (typeof queueStates)[number];

/**
 * Conversations waiting for an agent of their team, served by (priority first, then arrival). At most
 * one waiting entry per conversation; assigners claim the head with `FOR UPDATE SKIP LOCKED`.
 */
export const inboxQueueEntryTable = pgTable(
  "inbox_queue_entry",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => inboxConversationTable.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teamTable.id),
    /** 0 (none) to 4 (urgent): higher is served first. */
    priorityRank: integer("priority_rank").notNull(),
    arrivedAt: instant("arrived_at").notNull().defaultNow(),
    state: text("state", { enum: queueStates }).notNull().default("waiting"),
    /** Why the conversation is in this team's queue ("rule 'VIP on WhatsApp'", "channel's team"). */
    reason: text("reason"),
    settledAt: instant("settled_at"),
  },
  (t) => [
    uniqueIndex("inbox_queue_entry_waiting_idx").on(t.conversationId).where(sql`${t.state} = 'waiting'`),
    index("inbox_queue_entry_head_idx")
      .on(t.teamId, t.priorityRank.desc(), t.arrivedAt, t.id)
      .where(sql`${t.state} = 'waiting'`),
    index("inbox_queue_entry_conversation_idx").on(t.conversationId),
  ],
);

export const obligationStates = [
  "no_customer_message",
  "awaiting_first_response",
  "awaiting_follow_up",
  "responded",
  "snoozed",
  "resolved",
] as const;
export type ObligationState = (typeof obligationStates)[number];

/**
 * v1's `crm_response_obligations`: one materialised "does the customer wait for us, and until when"
 * per conversation, read by the list ("needs reply"), reminders, escalations and reports.
 */
export const inboxObligationTable = pgTable(
  "inbox_obligation",
  {
    conversationId: uuid("conversation_id")
      .primaryKey()
      .references(() => inboxConversationTable.id),
    state: text("state", { enum: obligationStates }).notNull().default("no_customer_message"),
    /** The oldest customer message still waiting for an answer. */
    triggerMessageId: uuid("trigger_message_id").references(() => inboxMessageTable.id),
    latestInboundAt: instant("latest_inbound_at"),
    latestOutboundAt: instant("latest_outbound_at"),
    responseDueAt: instant("response_due_at"),
    remindAt: instant("remind_at"),
    remindedAt: instant("reminded_at"),
    breachedAt: instant("breached_at"),
    respondedAt: instant("responded_at"),
    ownerAgentId: uuid("owner_agent_id").references(() => userTable.id),
    ownerTeamId: uuid("owner_team_id").references(() => teamTable.id),
    escalationLevel: integer("escalation_level").notNull().default(0),
    lastEscalatedAt: instant("last_escalated_at"),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("inbox_obligation_due_idx")
      .on(t.responseDueAt)
      .where(sql`${t.state} in ('awaiting_first_response', 'awaiting_follow_up')`),
    index("inbox_obligation_owner_idx").on(t.ownerAgentId, t.ownerTeamId),
  ],
);

/**
 * Reply targets by conversation priority, counted on a business calendar (null: the default SLA
 * calendar). A missing priority falls back to the `none` row, then to built-in defaults.
 */
export const inboxReplyPolicyTable = pgTable(
  "inbox_reply_policy",
  {
    priority: text("priority", { enum: conversationPriorities }).primaryKey(),
    firstResponseMinutes: integer("first_response_minutes").notNull(),
    followUpMinutes: integer("follow_up_minutes").notNull(),
    remindBeforeMinutes: integer("remind_before_minutes").notNull().default(5),
    calendarId: uuid("calendar_id").references(() => slaCalendarTable.id),
    ...timestamps,
  },
  (t) => [
    check(
      "inbox_reply_policy_targets_check",
      sql`${t.firstResponseMinutes} > 0 and ${t.followUpMinutes} > 0 and ${t.remindBeforeMinutes} >= 0`,
    ),
  ],
);
