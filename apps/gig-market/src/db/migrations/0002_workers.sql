CREATE TABLE "gm_workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"person_key" text,
	"id_number_enc" text,
	"name_enc" text,
	"mobile_enc" text,
	"consent_given_at" timestamp with time zone NOT NULL,
	"consent_purpose" text NOT NULL,
	"consent_withdrawn_at" timestamp with time zone,
	"occupations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"preferred_places" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expected_pay" jsonb,
	"available_from" date,
	"available_until" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gm_workers_person" UNIQUE("market_id","person_key")
);
--> statement-breakpoint
ALTER TABLE "gm_workers" ADD CONSTRAINT "gm_workers_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gm_workers_page" ON "gm_workers" USING btree ("market_id","created_at","id");