ALTER TABLE "user_account" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "user_account" DROP COLUMN "locked_until";