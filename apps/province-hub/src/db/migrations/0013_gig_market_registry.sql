ALTER TABLE "hub_gig_markets" ALTER COLUMN "last_seen_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "hub_gig_markets" ADD COLUMN "district_code" text;--> statement-breakpoint
ALTER TABLE "hub_gig_markets" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "hub_gig_markets" ADD COLUMN "standardised" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "hub_gig_markets" ADD COLUMN "registered_by" text;--> statement-breakpoint
ALTER TABLE "hub_gig_markets" ADD COLUMN "registered_at" timestamp with time zone;--> statement-breakpoint
-- Existing gig markets were learned from their events: they have reported.
UPDATE "hub_gig_markets" SET "district_code" = "district_codes"[1] WHERE "district_code" IS NULL AND cardinality("district_codes") = 1;--> statement-breakpoint
-- The indicator contributions change shape (a stock's closing row is keyed apart, new components) and
-- definitions: they are derived afresh from the stored records at the next start (ensureTotals).
TRUNCATE "hub_indicator_contributions", "hub_indicator_totals", "hub_indicator_subjects";
