ALTER TABLE "email_delivery" ADD COLUMN "link_key" text;--> statement-breakpoint
ALTER TABLE "ticket_confirmation" ADD COLUMN "delivery_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_confirmation" ADD CONSTRAINT "ticket_confirmation_delivery_id_email_delivery_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."email_delivery"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_delivery_link_idx" ON "email_delivery" USING btree ("link_key") WHERE "email_delivery"."link_key" is not null;