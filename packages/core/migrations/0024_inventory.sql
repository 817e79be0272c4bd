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
CREATE INDEX "material_request_requester_idx" ON "material_request" USING btree ("requested_by_id");