CREATE TABLE "organization" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"account_type" text NOT NULL,
	"parent_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_channel" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"label" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_merge_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_status_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY NOT NULL,
	"first_name" text,
	"last_name" text,
	"display_name" text NOT NULL,
	"email" text,
	"phone" text,
	"organization_id" uuid,
	"party_status" text DEFAULT 'lead' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"locale" text,
	"timezone" text,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "subscriber" ADD COLUMN "person_id" uuid;--> statement-breakpoint
ALTER TABLE "subscriber" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_parent_id_organization_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_channel" ADD CONSTRAINT "person_channel_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merge_log" ADD CONSTRAINT "person_merge_log_source_id_person_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merge_log" ADD CONSTRAINT "person_merge_log_target_id_person_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_status_log" ADD CONSTRAINT "person_status_log_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_merged_into_id_person_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organization_parent_idx" ON "organization" USING btree ("parent_id") WHERE "organization"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "organization_type_idx" ON "organization" USING btree ("account_type","name") WHERE "organization"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "person_channel_value_idx" ON "person_channel" USING btree ("kind","value") WHERE "person_channel"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "person_channel_person_idx" ON "person_channel" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_merge_log_source_idx" ON "person_merge_log" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "person_merge_log_target_idx" ON "person_merge_log" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "person_status_log_person_idx" ON "person_status_log" USING btree ("person_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "person_email_idx" ON "person" USING btree ("email") WHERE "person"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "person_organization_idx" ON "person" USING btree ("organization_id") WHERE "person"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "person_merged_into_idx" ON "person" USING btree ("merged_into_id");--> statement-breakpoint
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscriber_person_idx" ON "subscriber" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "subscriber_organization_idx" ON "subscriber" USING btree ("organization_id");