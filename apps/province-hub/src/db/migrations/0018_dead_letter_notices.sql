ALTER TABLE "hub_dead_letters" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "hub_dead_letters" ADD COLUMN "notice_id" text;