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
CREATE TABLE "field_device" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"token" text NOT NULL,
	"app_version" text,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_item" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"unit" text DEFAULT 'each' NOT NULL,
	"unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"serialized" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "inventory_item_price" CHECK ("inventory_item"."unit_price_minor" >= 0),
	CONSTRAINT "inventory_item_currency" CHECK ("inventory_item"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "inventory_location" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"owner_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "inventory_location_van_owner" CHECK (("inventory_location"."kind" = 'van') = ("inventory_location"."owner_user_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "inventory_material_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"consumed_quantity" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_material_line_quantity" CHECK ("inventory_material_line"."quantity" >= 0 and "inventory_material_line"."consumed_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_movement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"item_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"on_hand_delta" integer DEFAULT 0 NOT NULL,
	"reserved_delta" integer DEFAULT 0 NOT NULL,
	"work_order_id" uuid,
	"line_id" uuid,
	"transfer_id" uuid,
	"material_request_id" uuid,
	"serials" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text,
	"client_ref" text,
	"actor_type" text NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE TABLE "inventory_serial" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"status" text DEFAULT 'in_stock' NOT NULL,
	"location_id" uuid,
	"work_order_id" uuid,
	"installed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_serial_where" CHECK (("inventory_serial"."status" = 'in_stock' and "inventory_serial"."location_id" is not null) or ("inventory_serial"."status" = 'installed' and "inventory_serial"."work_order_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "inventory_stock" (
	"item_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"reorder_level" integer,
	"low_alerted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_stock_item_id_location_id_pk" PRIMARY KEY("item_id","location_id"),
	CONSTRAINT "inventory_stock_on_hand" CHECK ("inventory_stock"."on_hand" >= 0),
	CONSTRAINT "inventory_stock_reserved" CHECK ("inventory_stock"."reserved" >= 0 and "inventory_stock"."reserved" <= "inventory_stock"."on_hand"),
	CONSTRAINT "inventory_stock_reorder" CHECK ("inventory_stock"."reorder_level" is null or "inventory_stock"."reorder_level" >= 0)
);
--> statement-breakpoint
CREATE TABLE "material_request_item" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"serials" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "material_request_item_quantity" CHECK ("material_request_item"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "material_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"work_order_id" uuid,
	"from_location_id" uuid NOT NULL,
	"to_location_id" uuid NOT NULL,
	"note" text,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"submitted_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "material_request_route" CHECK ("material_request"."from_location_id" <> "material_request"."to_location_id")
);
--> statement-breakpoint
CREATE TABLE "billing_rate" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"hourly_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_rate_amount" CHECK ("billing_rate"."hourly_minor" >= 0),
	CONSTRAINT "billing_rate_period" CHECK ("billing_rate"."effective_to" is null or "billing_rate"."effective_to" >= "billing_rate"."effective_from"),
	CONSTRAINT "billing_rate_currency" CHECK ("billing_rate"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "cost_rate" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"hourly_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cost_rate_amount" CHECK ("cost_rate"."hourly_minor" >= 0),
	CONSTRAINT "cost_rate_period" CHECK ("cost_rate"."effective_to" is null or "cost_rate"."effective_to" >= "cost_rate"."effective_from"),
	CONSTRAINT "cost_rate_currency" CHECK ("cost_rate"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "expense_request_item" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"description" text,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"vendor" text,
	"spent_on" date,
	"receipt_upload_id" uuid,
	CONSTRAINT "expense_request_item_amount" CHECK ("expense_request_item"."amount_minor" > 0),
	CONSTRAINT "expense_request_item_currency" CHECK ("expense_request_item"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "expense_number_sequence" (
	"scope" text PRIMARY KEY NOT NULL,
	"prefix" text DEFAULT '' NOT NULL,
	"next_value" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expense_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"requester_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"purpose" text NOT NULL,
	"work_order_id" uuid,
	"ticket_id" uuid,
	"project_id" uuid,
	"client_ref" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid,
	"decision_reason" text,
	"paid_at" timestamp with time zone,
	"payment_reference" text,
	"canceled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "expense_request_not_self_decided" CHECK ("expense_request"."decided_by_id" is null or "expense_request"."decided_by_id" <> "expense_request"."requester_id")
);
--> statement-breakpoint
CREATE TABLE "worklog" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"client_ref" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"note" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "worklog_order" CHECK ("worklog"."ended_at" > "worklog"."started_at"),
	CONSTRAINT "worklog_minutes" CHECK ("worklog"."minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "track_link" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"reschedule_requested_at" timestamp with time zone,
	"reschedule_preferred_at" timestamp with time zone,
	"reschedule_reason" text,
	"reschedule_handled_at" timestamp with time zone,
	CONSTRAINT "track_link_expiry_order" CHECK ("track_link"."expires_at" > "track_link"."created_at")
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
ALTER TABLE "field_device" ADD CONSTRAINT "field_device_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_location" ADD CONSTRAINT "inventory_location_owner_user_id_user_account_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_material_line" ADD CONSTRAINT "inventory_material_line_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_material_line" ADD CONSTRAINT "inventory_material_line_item_id_inventory_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_material_line" ADD CONSTRAINT "inventory_material_line_location_id_inventory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_material_line" ADD CONSTRAINT "inventory_material_line_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movement" ADD CONSTRAINT "inventory_movement_item_id_inventory_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movement" ADD CONSTRAINT "inventory_movement_location_id_inventory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movement" ADD CONSTRAINT "inventory_movement_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movement" ADD CONSTRAINT "inventory_movement_line_id_inventory_material_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."inventory_material_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_serial" ADD CONSTRAINT "inventory_serial_item_id_inventory_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_serial" ADD CONSTRAINT "inventory_serial_location_id_inventory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_serial" ADD CONSTRAINT "inventory_serial_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_stock" ADD CONSTRAINT "inventory_stock_item_id_inventory_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_stock" ADD CONSTRAINT "inventory_stock_location_id_inventory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request_item" ADD CONSTRAINT "material_request_item_request_id_material_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."material_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request_item" ADD CONSTRAINT "material_request_item_item_id_inventory_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request" ADD CONSTRAINT "material_request_requested_by_id_user_account_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request" ADD CONSTRAINT "material_request_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request" ADD CONSTRAINT "material_request_from_location_id_inventory_location_id_fk" FOREIGN KEY ("from_location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request" ADD CONSTRAINT "material_request_to_location_id_inventory_location_id_fk" FOREIGN KEY ("to_location_id") REFERENCES "public"."inventory_location"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_request" ADD CONSTRAINT "material_request_decided_by_id_user_account_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_rate" ADD CONSTRAINT "billing_rate_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rate" ADD CONSTRAINT "cost_rate_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rate" ADD CONSTRAINT "cost_rate_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_request_item" ADD CONSTRAINT "expense_request_item_request_id_expense_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."expense_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_request_item" ADD CONSTRAINT "expense_request_item_receipt_upload_id_upload_id_fk" FOREIGN KEY ("receipt_upload_id") REFERENCES "public"."upload"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_request" ADD CONSTRAINT "expense_request_requester_id_user_account_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_request" ADD CONSTRAINT "expense_request_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_request" ADD CONSTRAINT "expense_request_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_request" ADD CONSTRAINT "expense_request_decided_by_id_user_account_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklog" ADD CONSTRAINT "worklog_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklog" ADD CONSTRAINT "worklog_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklog" ADD CONSTRAINT "worklog_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_link" ADD CONSTRAINT "track_link_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_link" ADD CONSTRAINT "track_link_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
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
CREATE UNIQUE INDEX "technician_skill_primary_idx" ON "technician_skill" USING btree ("user_id") WHERE "technician_skill"."is_primary";--> statement-breakpoint
CREATE UNIQUE INDEX "field_device_token_idx" ON "field_device" USING btree ("token");--> statement-breakpoint
CREATE INDEX "field_device_user_idx" ON "field_device" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_item_sku_idx" ON "inventory_item" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_location_name_idx" ON "inventory_location" USING btree ("name") WHERE "inventory_location"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_location_owner_idx" ON "inventory_location" USING btree ("owner_user_id") WHERE "inventory_location"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "inventory_material_line_wo_idx" ON "inventory_material_line" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "inventory_material_line_expiry_idx" ON "inventory_material_line" USING btree ("expires_at") WHERE "inventory_material_line"."status" = 'reserved';--> statement-breakpoint
CREATE INDEX "inventory_movement_at_idx" ON "inventory_movement" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "inventory_movement_item_idx" ON "inventory_movement" USING btree ("item_id","location_id");--> statement-breakpoint
CREATE INDEX "inventory_movement_location_idx" ON "inventory_movement" USING btree ("location_id","at");--> statement-breakpoint
CREATE INDEX "inventory_movement_wo_idx" ON "inventory_movement" USING btree ("work_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_movement_client_ref_idx" ON "inventory_movement" USING btree ("work_order_id","client_ref") WHERE "inventory_movement"."client_ref" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_serial_item_idx" ON "inventory_serial" USING btree ("item_id","serial");--> statement-breakpoint
CREATE INDEX "inventory_serial_serial_idx" ON "inventory_serial" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "inventory_serial_location_idx" ON "inventory_serial" USING btree ("location_id","item_id");--> statement-breakpoint
CREATE INDEX "inventory_serial_work_order_idx" ON "inventory_serial" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "inventory_stock_location_idx" ON "inventory_stock" USING btree ("location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "material_request_item_idx" ON "material_request_item" USING btree ("request_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "material_request_number_idx" ON "material_request" USING btree ("number");--> statement-breakpoint
CREATE INDEX "material_request_status_idx" ON "material_request" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "material_request_requester_idx" ON "material_request" USING btree ("requested_by_id");--> statement-breakpoint
CREATE INDEX "billing_rate_code_idx" ON "billing_rate" USING btree ("code","effective_from");--> statement-breakpoint
CREATE INDEX "cost_rate_user_idx" ON "cost_rate" USING btree ("user_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "expense_request_item_position_idx" ON "expense_request_item" USING btree ("request_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "expense_request_number_idx" ON "expense_request" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "expense_request_client_ref_idx" ON "expense_request" USING btree ("requester_id","client_ref");--> statement-breakpoint
CREATE INDEX "expense_request_requester_idx" ON "expense_request" USING btree ("requester_id","created_at");--> statement-breakpoint
CREATE INDEX "expense_request_status_idx" ON "expense_request" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "expense_request_work_order_idx" ON "expense_request" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "expense_request_project_idx" ON "expense_request" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "worklog_client_ref_idx" ON "worklog" USING btree ("user_id","client_ref");--> statement-breakpoint
CREATE INDEX "worklog_work_order_idx" ON "worklog" USING btree ("work_order_id","started_at");--> statement-breakpoint
CREATE INDEX "worklog_user_time_idx" ON "worklog" USING btree ("user_id","started_at") WHERE "worklog"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "track_link_token_idx" ON "track_link" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "track_link_work_order_idx" ON "track_link" USING btree ("work_order_id","created_at");--> statement-breakpoint
CREATE INDEX "track_link_open_requests_idx" ON "track_link" USING btree ("reschedule_requested_at") WHERE "track_link"."reschedule_requested_at" is not null and "track_link"."reschedule_handled_at" is null;