CREATE TABLE "availability_block" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text DEFAULT 'time_off' NOT NULL,
	"reason" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "availability_block_order" CHECK ("availability_block"."ends_at" > "availability_block"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "dispatch_rule" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"work_type" text,
	"priority" text,
	"region" text,
	"skill_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"auto_assign" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "technician_position" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"accuracy" double precision,
	"recorded_at" timestamp with time zone NOT NULL,
	"work_order_id" uuid,
	"client_ref" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technician_profile" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"title" text,
	"region" text,
	"team_id" uuid,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"home_latitude" double precision,
	"home_longitude" double precision,
	"max_jobs_per_day" integer DEFAULT 6 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"location_sharing" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technician_profile_max_jobs" CHECK ("technician_profile"."max_jobs_per_day" between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "technician_shift" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technician_shift_order" CHECK ("technician_shift"."ends_at" > "technician_shift"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "technician_skill" (
	"user_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"proficiency" integer DEFAULT 3 NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	CONSTRAINT "technician_skill_user_id_skill_id_pk" PRIMARY KEY("user_id","skill_id"),
	CONSTRAINT "technician_skill_proficiency" CHECK ("technician_skill"."proficiency" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "availability_block" ADD CONSTRAINT "availability_block_user_id_technician_profile_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."technician_profile"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_position" ADD CONSTRAINT "technician_position_user_id_technician_profile_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."technician_profile"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_position" ADD CONSTRAINT "technician_position_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_profile" ADD CONSTRAINT "technician_profile_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_profile" ADD CONSTRAINT "technician_profile_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_shift" ADD CONSTRAINT "technician_shift_user_id_technician_profile_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."technician_profile"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_skill" ADD CONSTRAINT "technician_skill_user_id_technician_profile_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."technician_profile"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_skill" ADD CONSTRAINT "technician_skill_skill_id_skill_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skill"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "availability_block_user_idx" ON "availability_block" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "availability_block_range_idx" ON "availability_block" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "dispatch_rule_position_idx" ON "dispatch_rule" USING btree ("position","id");--> statement-breakpoint
CREATE UNIQUE INDEX "skill_name_idx" ON "skill" USING btree (lower("name")) WHERE "skill"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "technician_position_ref_idx" ON "technician_position" USING btree ("user_id","client_ref");--> statement-breakpoint
CREATE INDEX "technician_position_last_idx" ON "technician_position" USING btree ("user_id","recorded_at");--> statement-breakpoint
CREATE INDEX "technician_position_age_idx" ON "technician_position" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "technician_profile_region_idx" ON "technician_profile" USING btree (lower("region"));--> statement-breakpoint
CREATE INDEX "technician_shift_user_idx" ON "technician_shift" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "technician_shift_range_idx" ON "technician_shift" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "technician_skill_primary_idx" ON "technician_skill" USING btree ("user_id") WHERE "technician_skill"."is_primary";