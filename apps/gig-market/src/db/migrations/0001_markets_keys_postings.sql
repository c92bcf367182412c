CREATE TABLE "gm_idempotent_requests" (
	"market_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"status" integer,
	"content_type" text,
	"body_enc" text,
	CONSTRAINT "gm_idempotent_requests_market_id_key_pk" PRIMARY KEY("market_id","key")
);
--> statement-breakpoint
CREATE TABLE "gm_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" text NOT NULL,
	"label" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "gm_api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "gm_markets" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gm_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" text NOT NULL,
	"name" text NOT NULL,
	"division_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gm_stations_name" UNIQUE("market_id","name")
);
--> statement-breakpoint
CREATE TABLE "gm_postings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"record" jsonb NOT NULL,
	"contact_phone_enc" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gm_idempotent_requests" ADD CONSTRAINT "gm_idempotent_requests_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_api_keys" ADD CONSTRAINT "gm_api_keys_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_stations" ADD CONSTRAINT "gm_stations_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_postings" ADD CONSTRAINT "gm_postings_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gm_api_keys_page" ON "gm_api_keys" USING btree ("market_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gm_stations_page" ON "gm_stations" USING btree ("market_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gm_postings_page" ON "gm_postings" USING btree ("market_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gm_postings_status_page" ON "gm_postings" USING btree ("market_id","status","created_at","id");