CREATE TABLE "inbox_macro_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"macro_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"user_id" uuid,
	"steps" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_macro" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"visibility" text DEFAULT 'personal' NOT NULL,
	"owner_id" uuid NOT NULL,
	"actions" jsonb NOT NULL,
	"run_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "saved_filter_user_name_idx";--> statement-breakpoint
ALTER TABLE "saved_filter" ADD COLUMN "kind" text DEFAULT 'ticket' NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_filter" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "inbox_macro_run" ADD CONSTRAINT "inbox_macro_run_macro_id_inbox_macro_id_fk" FOREIGN KEY ("macro_id") REFERENCES "public"."inbox_macro"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_macro_run" ADD CONSTRAINT "inbox_macro_run_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_macro_run" ADD CONSTRAINT "inbox_macro_run_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_macro" ADD CONSTRAINT "inbox_macro_owner_id_user_account_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_macro_run_key_idx" ON "inbox_macro_run" USING btree ("run_id","conversation_id");--> statement-breakpoint
CREATE INDEX "inbox_macro_run_macro_idx" ON "inbox_macro_run" USING btree ("macro_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_macro_shared_name_idx" ON "inbox_macro" USING btree (lower("name")) WHERE "inbox_macro"."visibility" = 'shared';--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_macro_personal_name_idx" ON "inbox_macro" USING btree ("owner_id",lower("name")) WHERE "inbox_macro"."visibility" = 'personal';--> statement-breakpoint
ALTER TABLE "saved_filter" ADD CONSTRAINT "saved_filter_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_filter_team_idx" ON "saved_filter" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_filter_user_name_idx" ON "saved_filter" USING btree ("user_id","kind","name");