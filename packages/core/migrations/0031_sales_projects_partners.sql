CREATE TABLE "crm_campaign_recipient" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"address" text NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sending_started_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"message_id" uuid,
	"error" text,
	"opened_at" timestamp with time zone,
	"open_count" integer DEFAULT 0 NOT NULL,
	"clicked_at" timestamp with time zone,
	"click_count" integer DEFAULT 0 NOT NULL,
	"replied_at" timestamp with time zone,
	"lead_id" uuid,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_campaign_step" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"delay_hours" integer DEFAULT 0 NOT NULL,
	"subject" text,
	"body" text,
	"template_name" text,
	"template_language" text,
	"template_variables" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_campaign_step_delay" CHECK ("crm_campaign_step"."delay_hours" between 0 and 8760)
);
--> statement-breakpoint
CREATE TABLE "crm_campaign" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"segment_id" uuid NOT NULL,
	"inbox_channel_id" uuid,
	"scheduled_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "crm_marketing_consent" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"source" text NOT NULL,
	"campaign_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_segment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reseller_commission_rate" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"rate_bp" integer NOT NULL,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_commission_rate_bp" CHECK ("reseller_commission_rate"."rate_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "reseller_commission_setting" (
	"id" text PRIMARY KEY NOT NULL,
	"default_rate_bp" integer NOT NULL,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_commission_setting_rate" CHECK ("reseller_commission_setting"."default_rate_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "reseller_commission" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sales_order_id" uuid NOT NULL,
	"reseller_organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"basis_minor" bigint NOT NULL,
	"rate_bp" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"payout_id" uuid,
	"approved_at" timestamp with time zone,
	"approved_by_id" uuid,
	"paid_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"voided_by_id" uuid,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_commission_currency" CHECK ("reseller_commission"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "reseller_commission_amounts" CHECK ("reseller_commission"."basis_minor" >= 0 and "reseller_commission"."amount_minor" >= 0),
	CONSTRAINT "reseller_commission_rate" CHECK ("reseller_commission"."rate_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "reseller_payout" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"reseller_organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"commission_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"method" text,
	"reference" text,
	"paid_on" date,
	"paid_at" timestamp with time zone,
	"paid_by_id" uuid,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_payout_currency" CHECK ("reseller_payout"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "reseller_payout_total" CHECK ("reseller_payout"."total_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contract_setting" (
	"id" text PRIMARY KEY NOT NULL,
	"approval_threshold_minor" bigint NOT NULL,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation_project" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"region" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"currency" text DEFAULT 'NGN' NOT NULL,
	"bidding_opens_at" timestamp with time zone,
	"bidding_closes_at" timestamp with time zone,
	"vendor_organization_id" uuid,
	"approved_quote_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "installation_project_currency" CHECK ("installation_project"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "vendor_as_built_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"as_built_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_as_built" (
	"id" uuid PRIMARY KEY NOT NULL,
	"installation_project_id" uuid NOT NULL,
	"vendor_organization_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"variations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"route" jsonb,
	"notes" text,
	"submitted_by_id" uuid,
	"reviewed_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_reason" text,
	"report_upload_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_invoice_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"quantity" bigint NOT NULL,
	"unit" text DEFAULT 'unit' NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_invoice" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"installation_project_id" uuid NOT NULL,
	"vendor_organization_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"vendor_reference" text,
	"currency" text NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"notes" text,
	"submitted_at" timestamp with time zone,
	"submitted_by_id" uuid,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_quote_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quote_version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"quantity" bigint NOT NULL,
	"unit" text DEFAULT 'unit' NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"cable_type" text,
	"fibre_count" integer,
	"splice_count" integer
);
--> statement-breakpoint
CREATE TABLE "vendor_quote" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"installation_project_id" uuid NOT NULL,
	"vendor_organization_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"currency" text NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"first_approved_by_id" uuid,
	"first_approved_at" timestamp with time zone,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"review_note" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_quote_totals" CHECK ("vendor_quote"."subtotal_minor" >= 0 and "vendor_quote"."tax_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "vendor_quote_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quote_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"route" jsonb,
	"notes" text,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by_id" uuid,
	"revision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_task_work_order" (
	"task_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"linked_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_task_work_order_task_id_work_order_id_pk" PRIMARY KEY("task_id","work_order_id")
);
--> statement-breakpoint
CREATE TABLE "project_attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"comment_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_comment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"task_id" uuid,
	"body" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_notice" (
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_notice_project_id_kind_pk" PRIMARY KEY("project_id","kind")
);
--> statement-breakpoint
CREATE TABLE "project" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"project_type" text NOT NULL,
	"template_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"person_id" uuid,
	"subscriber_id" uuid,
	"lead_id" uuid,
	"quote_id" uuid,
	"sales_order_id" uuid,
	"manager_id" uuid,
	"team_id" uuid,
	"region" text,
	"customer_address" text,
	"start_at" date NOT NULL,
	"due_at" date NOT NULL,
	"completed_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "project_dates" CHECK ("project"."due_at" >= "project"."start_at")
);
--> statement-breakpoint
CREATE TABLE "project_task_assignee" (
	"task_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"assigned_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_task_assignee_task_id_user_id_pk" PRIMARY KEY("task_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_task_dependency" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"predecessor_id" uuid NOT NULL,
	"successor_id" uuid NOT NULL,
	"type" text DEFAULT 'fs' NOT NULL,
	"lag_days" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_task_dependency_self" CHECK ("project_task_dependency"."predecessor_id" <> "project_task_dependency"."successor_id"),
	CONSTRAINT "project_task_dependency_lag" CHECK ("project_task_dependency"."lag_days" between -365 and 365)
);
--> statement-breakpoint
CREATE TABLE "project_task" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"template_task_id" uuid,
	"key" text,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'todo' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"is_stage" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"duration_days" integer DEFAULT 1 NOT NULL,
	"effort_hours" integer DEFAULT 0 NOT NULL,
	"pinned_start" date,
	"start_at" date NOT NULL,
	"end_at" date NOT NULL,
	"ticket_id" uuid,
	"completed_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "project_task_duration" CHECK ("project_task"."duration_days" between 0 and 3650),
	CONSTRAINT "project_task_effort" CHECK ("project_task"."effort_hours" >= 0),
	CONSTRAINT "project_task_dates" CHECK ("project_task"."end_at" >= "project_task"."start_at")
);
--> statement-breakpoint
CREATE TABLE "project_template_dependency" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"predecessor_id" uuid NOT NULL,
	"successor_id" uuid NOT NULL,
	"type" text DEFAULT 'fs' NOT NULL,
	"lag_days" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_template_dependency_self" CHECK ("project_template_dependency"."predecessor_id" <> "project_template_dependency"."successor_id"),
	CONSTRAINT "project_template_dependency_lag" CHECK ("project_template_dependency"."lag_days" between -365 and 365)
);
--> statement-breakpoint
CREATE TABLE "project_template" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_type" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"due_days" integer,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "project_template_due_days" CHECK ("project_template"."due_days" is null or "project_template"."due_days" between 0 and 3650)
);
--> statement-breakpoint
CREATE TABLE "project_template_task" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"is_stage" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"duration_days" integer DEFAULT 1 NOT NULL,
	"effort_hours" integer DEFAULT 0 NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "project_template_task_duration" CHECK ("project_template_task"."duration_days" between 0 and 3650),
	CONSTRAINT "project_template_task_effort" CHECK ("project_template_task"."effort_hours" >= 0)
);
--> statement-breakpoint
CREATE TABLE "quote_acceptance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quote_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"via" text NOT NULL,
	"user_id" uuid,
	"signer_name" text NOT NULL,
	"signature_kind" text,
	"signature_png" text,
	"terms_version" text NOT NULL,
	"reason" text,
	"ip" text,
	"user_agent" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quote_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"inventory_item_id" uuid,
	"description" text NOT NULL,
	"quantity" bigint NOT NULL,
	"unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_line_quantity" CHECK ("quote_line"."quantity" > 0),
	CONSTRAINT "quote_line_price" CHECK ("quote_line"."unit_price_minor" >= 0),
	CONSTRAINT "quote_line_rates" CHECK ("quote_line"."discount_bp" between 0 and 10000 and "quote_line"."tax_rate_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "quote_link" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quote_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"person_id" uuid NOT NULL,
	"lead_id" uuid,
	"reseller_organization_id" uuid,
	"project_type" text,
	"currency" text DEFAULT 'NGN' NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"deposit_bp" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"terms_version" text NOT NULL,
	"notes" text,
	"owner_user_id" uuid,
	"sent_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "quote_currency" CHECK ("quote"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "quote_deposit" CHECK ("quote"."deposit_bp" between 0 and 10000),
	CONSTRAINT "quote_total" CHECK ("quote"."total_minor" = "quote"."net_minor" + "quote"."tax_minor")
);
--> statement-breakpoint
CREATE TABLE "sales_order_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sales_order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"inventory_item_id" uuid,
	"description" text NOT NULL,
	"quantity" bigint NOT NULL,
	"unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_order_payment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sales_order_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"received_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_order_payment_amount" CHECK ("sales_order_payment"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "sales_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"quote_id" uuid,
	"person_id" uuid NOT NULL,
	"lead_id" uuid,
	"reseller_organization_id" uuid,
	"owner_user_id" uuid,
	"project_type" text,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"payment_status" text DEFAULT 'pending' NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"deposit_required_minor" bigint DEFAULT 0 NOT NULL,
	"amount_paid_minor" bigint DEFAULT 0 NOT NULL,
	"balance_due_minor" bigint DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"waived_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "sales_order_amounts" CHECK ("sales_order"."amount_paid_minor" >= 0 and "sales_order"."deposit_required_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "crm_lead" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"person_id" uuid NOT NULL,
	"organization_id" uuid,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"owner_user_id" uuid,
	"value_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'NGN' NOT NULL,
	"probability" integer DEFAULT 50 NOT NULL,
	"expected_close_date" date,
	"source" text DEFAULT 'other' NOT NULL,
	"conversation_id" uuid,
	"campaign_id" uuid,
	"reseller_organization_id" uuid,
	"region" text,
	"address" text,
	"notes" text,
	"rank" text DEFAULT 'm' NOT NULL,
	"closed_at" timestamp with time zone,
	"lost_reason" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "crm_lead_probability" CHECK ("crm_lead"."probability" between 0 and 100),
	CONSTRAINT "crm_lead_value" CHECK ("crm_lead"."value_minor" >= 0),
	CONSTRAINT "crm_lead_currency" CHECK ("crm_lead"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "crm_pipeline_stage" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"name" text NOT NULL,
	"order_index" integer NOT NULL,
	"default_probability" integer DEFAULT 50 NOT NULL,
	"status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "crm_pipeline_stage_probability" CHECK ("crm_pipeline_stage"."default_probability" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "crm_pipeline" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "crm_survey_answer" (
	"id" uuid PRIMARY KEY NOT NULL,
	"response_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"score" integer,
	"choice" text,
	"text" text
);
--> statement-breakpoint
CREATE TABLE "crm_survey_invitation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"survey_id" uuid NOT NULL,
	"person_id" uuid,
	"email" text,
	"token_hash" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"expired_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_survey_response" (
	"id" uuid PRIMARY KEY NOT NULL,
	"survey_id" uuid NOT NULL,
	"invitation_id" uuid,
	"form_nonce" text,
	"person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_survey" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"questions" jsonb NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"trigger" text DEFAULT 'manual' NOT NULL,
	"invitation_days" integer DEFAULT 14 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "crm_survey_invitation_days" CHECK ("crm_survey"."invitation_days" between 1 and 365)
);
--> statement-breakpoint
ALTER TABLE "crm_campaign_recipient" ADD CONSTRAINT "crm_campaign_recipient_campaign_id_crm_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."crm_campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_campaign_recipient" ADD CONSTRAINT "crm_campaign_recipient_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_campaign_step" ADD CONSTRAINT "crm_campaign_step_campaign_id_crm_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."crm_campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_campaign" ADD CONSTRAINT "crm_campaign_segment_id_crm_segment_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."crm_segment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_campaign" ADD CONSTRAINT "crm_campaign_inbox_channel_id_inbox_channel_id_fk" FOREIGN KEY ("inbox_channel_id") REFERENCES "public"."inbox_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_campaign" ADD CONSTRAINT "crm_campaign_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_marketing_consent" ADD CONSTRAINT "crm_marketing_consent_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_segment" ADD CONSTRAINT "crm_segment_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission_rate" ADD CONSTRAINT "reseller_commission_rate_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission_rate" ADD CONSTRAINT "reseller_commission_rate_updated_by_id_user_account_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission_setting" ADD CONSTRAINT "reseller_commission_setting_updated_by_id_user_account_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD CONSTRAINT "reseller_commission_sales_order_id_sales_order_id_fk" FOREIGN KEY ("sales_order_id") REFERENCES "public"."sales_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD CONSTRAINT "reseller_commission_reseller_organization_id_organization_id_fk" FOREIGN KEY ("reseller_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD CONSTRAINT "reseller_commission_payout_id_reseller_payout_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."reseller_payout"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD CONSTRAINT "reseller_commission_approved_by_id_user_account_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD CONSTRAINT "reseller_commission_voided_by_id_user_account_id_fk" FOREIGN KEY ("voided_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_payout" ADD CONSTRAINT "reseller_payout_reseller_organization_id_organization_id_fk" FOREIGN KEY ("reseller_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_payout" ADD CONSTRAINT "reseller_payout_paid_by_id_user_account_id_fk" FOREIGN KEY ("paid_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_payout" ADD CONSTRAINT "reseller_payout_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_setting" ADD CONSTRAINT "contract_setting_updated_by_id_user_account_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installation_project" ADD CONSTRAINT "installation_project_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installation_project" ADD CONSTRAINT "installation_project_vendor_organization_id_organization_id_fk" FOREIGN KEY ("vendor_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installation_project" ADD CONSTRAINT "installation_project_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built_file" ADD CONSTRAINT "vendor_as_built_file_as_built_id_vendor_as_built_id_fk" FOREIGN KEY ("as_built_id") REFERENCES "public"."vendor_as_built"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built_file" ADD CONSTRAINT "vendor_as_built_file_upload_id_upload_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."upload"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built" ADD CONSTRAINT "vendor_as_built_installation_project_id_installation_project_id_fk" FOREIGN KEY ("installation_project_id") REFERENCES "public"."installation_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built" ADD CONSTRAINT "vendor_as_built_vendor_organization_id_organization_id_fk" FOREIGN KEY ("vendor_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built" ADD CONSTRAINT "vendor_as_built_submitted_by_id_user_account_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built" ADD CONSTRAINT "vendor_as_built_reviewed_by_id_user_account_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_as_built" ADD CONSTRAINT "vendor_as_built_report_upload_id_upload_id_fk" FOREIGN KEY ("report_upload_id") REFERENCES "public"."upload"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice_line" ADD CONSTRAINT "vendor_invoice_line_invoice_id_vendor_invoice_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."vendor_invoice"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_installation_project_id_installation_project_id_fk" FOREIGN KEY ("installation_project_id") REFERENCES "public"."installation_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_vendor_organization_id_organization_id_fk" FOREIGN KEY ("vendor_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_submitted_by_id_user_account_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_decided_by_id_user_account_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote_line" ADD CONSTRAINT "vendor_quote_line_quote_version_id_vendor_quote_version_id_fk" FOREIGN KEY ("quote_version_id") REFERENCES "public"."vendor_quote_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote" ADD CONSTRAINT "vendor_quote_installation_project_id_installation_project_id_fk" FOREIGN KEY ("installation_project_id") REFERENCES "public"."installation_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote" ADD CONSTRAINT "vendor_quote_vendor_organization_id_organization_id_fk" FOREIGN KEY ("vendor_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote" ADD CONSTRAINT "vendor_quote_first_approved_by_id_user_account_id_fk" FOREIGN KEY ("first_approved_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote" ADD CONSTRAINT "vendor_quote_decided_by_id_user_account_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote" ADD CONSTRAINT "vendor_quote_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote_version" ADD CONSTRAINT "vendor_quote_version_quote_id_vendor_quote_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."vendor_quote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_quote_version" ADD CONSTRAINT "vendor_quote_version_submitted_by_id_user_account_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_work_order" ADD CONSTRAINT "project_task_work_order_task_id_project_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_work_order" ADD CONSTRAINT "project_task_work_order_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_work_order" ADD CONSTRAINT "project_task_work_order_linked_by_id_user_account_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_attachment" ADD CONSTRAINT "project_attachment_comment_id_project_comment_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."project_comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_attachment" ADD CONSTRAINT "project_attachment_upload_id_upload_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."upload"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_comment" ADD CONSTRAINT "project_comment_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_comment" ADD CONSTRAINT "project_comment_task_id_project_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_comment" ADD CONSTRAINT "project_comment_author_id_user_account_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_notice" ADD CONSTRAINT "project_notice_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_template_id_project_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_subscriber_id_subscriber_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscriber"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_lead_id_crm_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."crm_lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_manager_id_user_account_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_assignee" ADD CONSTRAINT "project_task_assignee_task_id_project_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_assignee" ADD CONSTRAINT "project_task_assignee_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_assignee" ADD CONSTRAINT "project_task_assignee_assigned_by_id_user_account_id_fk" FOREIGN KEY ("assigned_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_dependency" ADD CONSTRAINT "project_task_dependency_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_dependency" ADD CONSTRAINT "project_task_dependency_predecessor_id_project_task_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_dependency" ADD CONSTRAINT "project_task_dependency_successor_id_project_task_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task" ADD CONSTRAINT "project_task_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task" ADD CONSTRAINT "project_task_template_task_id_project_template_task_id_fk" FOREIGN KEY ("template_task_id") REFERENCES "public"."project_template_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task" ADD CONSTRAINT "project_task_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task" ADD CONSTRAINT "project_task_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_dependency" ADD CONSTRAINT "project_template_dependency_template_id_project_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_dependency" ADD CONSTRAINT "project_template_dependency_predecessor_id_project_template_task_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."project_template_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_dependency" ADD CONSTRAINT "project_template_dependency_successor_id_project_template_task_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."project_template_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_task" ADD CONSTRAINT "project_template_task_template_id_project_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_acceptance" ADD CONSTRAINT "quote_acceptance_quote_id_quote_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_acceptance" ADD CONSTRAINT "quote_acceptance_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_line" ADD CONSTRAINT "quote_line_quote_id_quote_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_line" ADD CONSTRAINT "quote_line_inventory_item_id_inventory_item_id_fk" FOREIGN KEY ("inventory_item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_link" ADD CONSTRAINT "quote_link_quote_id_quote_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote" ADD CONSTRAINT "quote_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote" ADD CONSTRAINT "quote_lead_id_crm_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."crm_lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote" ADD CONSTRAINT "quote_reseller_organization_id_organization_id_fk" FOREIGN KEY ("reseller_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote" ADD CONSTRAINT "quote_owner_user_id_user_account_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote" ADD CONSTRAINT "quote_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order_line" ADD CONSTRAINT "sales_order_line_sales_order_id_sales_order_id_fk" FOREIGN KEY ("sales_order_id") REFERENCES "public"."sales_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order_line" ADD CONSTRAINT "sales_order_line_inventory_item_id_inventory_item_id_fk" FOREIGN KEY ("inventory_item_id") REFERENCES "public"."inventory_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order_payment" ADD CONSTRAINT "sales_order_payment_sales_order_id_sales_order_id_fk" FOREIGN KEY ("sales_order_id") REFERENCES "public"."sales_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order_payment" ADD CONSTRAINT "sales_order_payment_recorded_by_id_user_account_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order" ADD CONSTRAINT "sales_order_quote_id_quote_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order" ADD CONSTRAINT "sales_order_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order" ADD CONSTRAINT "sales_order_lead_id_crm_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."crm_lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order" ADD CONSTRAINT "sales_order_reseller_organization_id_organization_id_fk" FOREIGN KEY ("reseller_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order" ADD CONSTRAINT "sales_order_owner_user_id_user_account_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_pipeline_id_crm_pipeline_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."crm_pipeline"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_stage_id_crm_pipeline_stage_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."crm_pipeline_stage"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_owner_user_id_user_account_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_reseller_organization_id_organization_id_fk" FOREIGN KEY ("reseller_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_lead" ADD CONSTRAINT "crm_lead_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pipeline_stage" ADD CONSTRAINT "crm_pipeline_stage_pipeline_id_crm_pipeline_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."crm_pipeline"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_answer" ADD CONSTRAINT "crm_survey_answer_response_id_crm_survey_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."crm_survey_response"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_invitation" ADD CONSTRAINT "crm_survey_invitation_survey_id_crm_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."crm_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_invitation" ADD CONSTRAINT "crm_survey_invitation_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_response" ADD CONSTRAINT "crm_survey_response_survey_id_crm_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."crm_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_response" ADD CONSTRAINT "crm_survey_response_invitation_id_crm_survey_invitation_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."crm_survey_invitation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey_response" ADD CONSTRAINT "crm_survey_response_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_survey" ADD CONSTRAINT "crm_survey_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_campaign_recipient_idx" ON "crm_campaign_recipient" USING btree ("campaign_id","person_id","step");--> statement-breakpoint
CREATE INDEX "crm_campaign_recipient_due_idx" ON "crm_campaign_recipient" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "crm_campaign_recipient_person_idx" ON "crm_campaign_recipient" USING btree ("person_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_campaign_step_idx" ON "crm_campaign_step" USING btree ("campaign_id","position");--> statement-breakpoint
CREATE INDEX "crm_campaign_due_idx" ON "crm_campaign" USING btree ("status","scheduled_at") WHERE "crm_campaign"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_marketing_consent_idx" ON "crm_marketing_consent" USING btree ("person_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_segment_name_idx" ON "crm_segment" USING btree ("name") WHERE "crm_segment"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reseller_commission_order_idx" ON "reseller_commission" USING btree ("sales_order_id");--> statement-breakpoint
CREATE INDEX "reseller_commission_reseller_idx" ON "reseller_commission" USING btree ("reseller_organization_id","status","created_at");--> statement-breakpoint
CREATE INDEX "reseller_commission_status_idx" ON "reseller_commission" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "reseller_commission_payout_idx" ON "reseller_commission" USING btree ("payout_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reseller_payout_number_idx" ON "reseller_payout" USING btree ("number");--> statement-breakpoint
CREATE INDEX "reseller_payout_reseller_idx" ON "reseller_payout" USING btree ("reseller_organization_id","created_at");--> statement-breakpoint
CREATE INDEX "reseller_payout_status_idx" ON "reseller_payout" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "installation_project_number_idx" ON "installation_project" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "installation_project_project_idx" ON "installation_project" USING btree ("project_id") WHERE "installation_project"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "installation_project_status_idx" ON "installation_project" USING btree ("status","bidding_closes_at") WHERE "installation_project"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "installation_project_vendor_idx" ON "installation_project" USING btree ("vendor_organization_id") WHERE "installation_project"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_as_built_file_upload_idx" ON "vendor_as_built_file" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "vendor_as_built_file_as_built_idx" ON "vendor_as_built_file" USING btree ("as_built_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_as_built_version_idx" ON "vendor_as_built" USING btree ("installation_project_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_as_built_pending_idx" ON "vendor_as_built" USING btree ("installation_project_id") WHERE "vendor_as_built"."status" = 'submitted';--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_invoice_line_idx" ON "vendor_invoice_line" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_invoice_number_idx" ON "vendor_invoice" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_invoice_live_idx" ON "vendor_invoice" USING btree ("installation_project_id","vendor_organization_id") WHERE "vendor_invoice"."status" <> 'rejected';--> statement-breakpoint
CREATE INDEX "vendor_invoice_status_idx" ON "vendor_invoice" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_quote_line_idx" ON "vendor_quote_line" USING btree ("quote_version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_quote_number_idx" ON "vendor_quote" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_quote_vendor_idx" ON "vendor_quote" USING btree ("installation_project_id","vendor_organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_quote_one_approved_idx" ON "vendor_quote" USING btree ("installation_project_id") WHERE "vendor_quote"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "vendor_quote_vendor_org_idx" ON "vendor_quote" USING btree ("vendor_organization_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_quote_version_idx" ON "vendor_quote_version" USING btree ("quote_id","version");--> statement-breakpoint
CREATE INDEX "project_task_work_order_order_idx" ON "project_task_work_order" USING btree ("work_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_attachment_upload_idx" ON "project_attachment" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "project_attachment_comment_idx" ON "project_attachment" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "project_comment_project_idx" ON "project_comment" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "project_comment_task_idx" ON "project_comment" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "project_number_idx" ON "project" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "project_sales_order_idx" ON "project" USING btree ("sales_order_id");--> statement-breakpoint
CREATE INDEX "project_created_idx" ON "project" USING btree ("created_at","id") WHERE "project"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "project_status_idx" ON "project" USING btree ("status","due_at") WHERE "project"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "project_person_idx" ON "project" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "project_subscriber_idx" ON "project" USING btree ("subscriber_id");--> statement-breakpoint
CREATE INDEX "project_manager_idx" ON "project" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "project_task_assignee_user_idx" ON "project_task_assignee" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_task_dependency_pair_idx" ON "project_task_dependency" USING btree ("predecessor_id","successor_id");--> statement-breakpoint
CREATE INDEX "project_task_dependency_project_idx" ON "project_task_dependency" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_task_dependency_successor_idx" ON "project_task_dependency" USING btree ("successor_id");--> statement-breakpoint
CREATE INDEX "project_task_project_idx" ON "project_task" USING btree ("project_id","sort_order") WHERE "project_task"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "project_task_key_idx" ON "project_task" USING btree ("project_id","key") WHERE "project_task"."key" is not null and "project_task"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "project_task_ticket_idx" ON "project_task" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_template_dependency_pair_idx" ON "project_template_dependency" USING btree ("predecessor_id","successor_id");--> statement-breakpoint
CREATE INDEX "project_template_dependency_template_idx" ON "project_template_dependency" USING btree ("template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_template_type_idx" ON "project_template" USING btree ("project_type") WHERE "project_template"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "project_template_task_key_idx" ON "project_template_task" USING btree ("template_id","key") WHERE "project_template_task"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "quote_acceptance_quote_idx" ON "quote_acceptance" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "quote_line_quote_idx" ON "quote_line" USING btree ("quote_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_link_token_idx" ON "quote_link" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "quote_link_quote_idx" ON "quote_link" USING btree ("quote_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_number_idx" ON "quote" USING btree ("number");--> statement-breakpoint
CREATE INDEX "quote_list_idx" ON "quote" USING btree ("created_at","id") WHERE "quote"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "quote_person_idx" ON "quote" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "quote_lead_idx" ON "quote" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "quote_expiry_idx" ON "quote" USING btree ("expires_at") WHERE "quote"."status" = 'sent' and "quote"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sales_order_line_order_idx" ON "sales_order_line" USING btree ("sales_order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_order_payment_key_idx" ON "sales_order_payment" USING btree ("sales_order_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_order_number_idx" ON "sales_order" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_order_quote_idx" ON "sales_order" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "sales_order_list_idx" ON "sales_order" USING btree ("created_at","id") WHERE "sales_order"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sales_order_person_idx" ON "sales_order" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sales_order_reseller_idx" ON "sales_order" USING btree ("reseller_organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_lead_number_idx" ON "crm_lead" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_lead_open_person_idx" ON "crm_lead" USING btree ("person_id","pipeline_id") WHERE "crm_lead"."status" not in ('won', 'lost') and "crm_lead"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "crm_lead_board_idx" ON "crm_lead" USING btree ("pipeline_id","stage_id","rank") WHERE "crm_lead"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "crm_lead_open_board_idx" ON "crm_lead" USING btree ("pipeline_id","stage_id","rank","id") WHERE "crm_lead"."status" not in ('won', 'lost') and "crm_lead"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "crm_lead_recent_idx" ON "crm_lead" USING btree ("created_at","id") WHERE "crm_lead"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "crm_lead_close_idx" ON "crm_lead" USING btree ("pipeline_id","expected_close_date") WHERE "crm_lead"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "crm_lead_owner_idx" ON "crm_lead" USING btree ("owner_user_id","status") WHERE "crm_lead"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "crm_lead_conversation_idx" ON "crm_lead" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "crm_lead_person_idx" ON "crm_lead" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_pipeline_stage_order_idx" ON "crm_pipeline_stage" USING btree ("pipeline_id","order_index") WHERE "crm_pipeline_stage"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_pipeline_name_idx" ON "crm_pipeline" USING btree ("name") WHERE "crm_pipeline"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_pipeline_default_idx" ON "crm_pipeline" USING btree ("is_default") WHERE "crm_pipeline"."is_default" and "crm_pipeline"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_answer_idx" ON "crm_survey_answer" USING btree ("response_id","question_id");--> statement-breakpoint
CREATE INDEX "crm_survey_answer_question_idx" ON "crm_survey_answer" USING btree ("survey_id","question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_invitation_token_idx" ON "crm_survey_invitation" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_invitation_source_idx" ON "crm_survey_invitation" USING btree ("survey_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "crm_survey_invitation_open_idx" ON "crm_survey_invitation" USING btree ("expires_at") WHERE "crm_survey_invitation"."responded_at" is null and "crm_survey_invitation"."expired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_response_invitation_idx" ON "crm_survey_response" USING btree ("invitation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_response_nonce_idx" ON "crm_survey_response" USING btree ("form_nonce");--> statement-breakpoint
CREATE INDEX "crm_survey_response_survey_idx" ON "crm_survey_response" USING btree ("survey_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_survey_slug_idx" ON "crm_survey" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "crm_survey_trigger_idx" ON "crm_survey" USING btree ("trigger","status") WHERE "crm_survey"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_order_project_idx" ON "work_order" USING btree ("project_id");