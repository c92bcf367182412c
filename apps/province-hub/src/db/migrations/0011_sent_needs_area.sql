ALTER TABLE "hub_sent_needs" ADD COLUMN "area_code" text;--> statement-breakpoint
ALTER TABLE "hub_sent_needs" ADD COLUMN "shortfall131" jsonb;--> statement-breakpoint
CREATE INDEX "hub_sent_needs_open_area" ON "hub_sent_needs" USING btree ("city_code","area_code") WHERE status = 'open';--> statement-breakpoint
-- Open notices sent before these columns existed: their digest has been [reasons, shortfall131 or null, areaCode] since 0003.
UPDATE "hub_sent_needs" SET "area_code" = ("digest"::jsonb)->>2, "shortfall131" = nullif(("digest"::jsonb)->1, 'null'::jsonb) WHERE "status" = 'open' AND "digest" LIKE '[%';
