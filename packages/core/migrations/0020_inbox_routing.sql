CREATE TABLE "inbox_agent" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"capacity" integer DEFAULT 5 NOT NULL,
	"active_count" integer DEFAULT 0 NOT NULL,
	"manual_status" text,
	"last_seen_at" timestamp with time zone,
	"last_assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_agent_capacity_check" CHECK ("inbox_agent"."capacity" between 0 and 1000),
	CONSTRAINT "inbox_agent_active_check" CHECK ("inbox_agent"."active_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inbox_obligation" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'no_customer_message' NOT NULL,
	"trigger_message_id" uuid,
	"latest_inbound_at" timestamp with time zone,
	"latest_outbound_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"owner_agent_id" uuid,
	"owner_team_id" uuid,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"last_escalated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_queue_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"priority_rank" integer NOT NULL,
	"arrived_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'waiting' NOT NULL,
	"reason" text,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox_reply_policy" (
	"priority" text PRIMARY KEY NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"follow_up_minutes" integer NOT NULL,
	"remind_before_minutes" integer DEFAULT 5 NOT NULL,
	"calendar_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_reply_policy_targets_check" CHECK ("inbox_reply_policy"."first_response_minutes" > 0 and "inbox_reply_policy"."follow_up_minutes" > 0 and "inbox_reply_policy"."remind_before_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inbox_routing_rule" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"channel_kind" text,
	"channel_id" uuid,
	"label" text,
	"priority" text,
	"team_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_team_routing" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'least_loaded' NOT NULL,
	"last_agent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox_agent" ADD CONSTRAINT "inbox_agent_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_obligation" ADD CONSTRAINT "inbox_obligation_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_obligation" ADD CONSTRAINT "inbox_obligation_trigger_message_id_inbox_message_id_fk" FOREIGN KEY ("trigger_message_id") REFERENCES "public"."inbox_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_obligation" ADD CONSTRAINT "inbox_obligation_owner_agent_id_user_account_id_fk" FOREIGN KEY ("owner_agent_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_obligation" ADD CONSTRAINT "inbox_obligation_owner_team_id_team_id_fk" FOREIGN KEY ("owner_team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_queue_entry" ADD CONSTRAINT "inbox_queue_entry_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_queue_entry" ADD CONSTRAINT "inbox_queue_entry_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_reply_policy" ADD CONSTRAINT "inbox_reply_policy_calendar_id_sla_calendar_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendar"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_routing_rule" ADD CONSTRAINT "inbox_routing_rule_channel_id_inbox_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."inbox_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_routing_rule" ADD CONSTRAINT "inbox_routing_rule_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_team_routing" ADD CONSTRAINT "inbox_team_routing_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_team_routing" ADD CONSTRAINT "inbox_team_routing_last_agent_id_user_account_id_fk" FOREIGN KEY ("last_agent_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbox_obligation_due_idx" ON "inbox_obligation" USING btree ("response_due_at") WHERE "inbox_obligation"."state" in ('awaiting_first_response', 'awaiting_follow_up');--> statement-breakpoint
CREATE INDEX "inbox_obligation_owner_idx" ON "inbox_obligation" USING btree ("owner_agent_id","owner_team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_queue_entry_waiting_idx" ON "inbox_queue_entry" USING btree ("conversation_id") WHERE "inbox_queue_entry"."state" = 'waiting';--> statement-breakpoint
CREATE INDEX "inbox_queue_entry_head_idx" ON "inbox_queue_entry" USING btree ("team_id","priority_rank" DESC NULLS LAST,"arrived_at","id") WHERE "inbox_queue_entry"."state" = 'waiting';--> statement-breakpoint
CREATE INDEX "inbox_queue_entry_conversation_idx" ON "inbox_queue_entry" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "inbox_routing_rule_position_idx" ON "inbox_routing_rule" USING btree ("position","id");