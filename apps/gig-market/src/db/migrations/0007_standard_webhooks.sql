ALTER TABLE "gm_webhooks" ADD COLUMN "previous_secret_enc" text;--> statement-breakpoint
ALTER TABLE "gm_webhooks" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gm_webhooks" ADD COLUMN "legacy_signature" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Added by hand: subscriptions made before Standard Webhooks keep their receivers' old check working.
UPDATE "gm_webhooks" SET "legacy_signature" = true;
