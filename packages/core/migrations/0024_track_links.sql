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
ALTER TABLE "track_link" ADD CONSTRAINT "track_link_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_link" ADD CONSTRAINT "track_link_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "track_link_token_idx" ON "track_link" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "track_link_work_order_idx" ON "track_link" USING btree ("work_order_id","created_at");--> statement-breakpoint
CREATE INDEX "track_link_open_requests_idx" ON "track_link" USING btree ("reschedule_requested_at") WHERE "track_link"."reschedule_requested_at" is not null and "track_link"."reschedule_handled_at" is null;