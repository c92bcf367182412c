CREATE TABLE "hub_gig_markets" (
	"market_id" text PRIMARY KEY NOT NULL,
	"city_code" text NOT NULL,
	"district_codes" text[] NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_sent_market_needs" (
	"person_key" text NOT NULL,
	"market_id" text NOT NULL,
	"notice_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"digest" text NOT NULL,
	CONSTRAINT "hub_sent_market_needs_person_key_market_id_pk" PRIMARY KEY("person_key","market_id")
);
