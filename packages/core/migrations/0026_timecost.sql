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
CREATE INDEX "worklog_user_time_idx" ON "worklog" USING btree ("user_id","started_at") WHERE "worklog"."deleted_at" is null;