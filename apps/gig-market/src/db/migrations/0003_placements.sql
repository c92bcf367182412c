CREATE TABLE "gm_placements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"posting_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"person_key" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"name_enc" text NOT NULL,
	"record" jsonb NOT NULL,
	"arrears_fen" integer,
	"cancel_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gm_ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"placement_id" uuid NOT NULL,
	"by" text NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"rated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gm_ratings_once" UNIQUE("placement_id","by"),
	CONSTRAINT "gm_ratings_score" CHECK (score between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "gm_placements" ADD CONSTRAINT "gm_placements_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_placements" ADD CONSTRAINT "gm_placements_posting_id_gm_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."gm_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_placements" ADD CONSTRAINT "gm_placements_worker_id_gm_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."gm_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_ratings" ADD CONSTRAINT "gm_ratings_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_ratings" ADD CONSTRAINT "gm_ratings_placement_id_gm_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."gm_placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gm_placements_live" ON "gm_placements" USING btree ("posting_id","worker_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "gm_placements_page" ON "gm_placements" USING btree ("market_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gm_placements_arrears" ON "gm_placements" USING btree ("market_id","created_at","id") WHERE arrears_fen > 0;--> statement-breakpoint
CREATE INDEX "gm_placements_worker" ON "gm_placements" USING btree ("worker_id");