CREATE TABLE "gm_voucher_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" text NOT NULL,
	"voucher_id" text NOT NULL,
	"worker_id" uuid NOT NULL,
	"placement_id" uuid,
	"service_ref" text NOT NULL,
	"policy_id" text NOT NULL,
	"policy_name" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"redeemed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gm_voucher_redemptions_once" UNIQUE("market_id","voucher_id")
);
--> statement-breakpoint
ALTER TABLE "gm_voucher_redemptions" ADD CONSTRAINT "gm_voucher_redemptions_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_voucher_redemptions" ADD CONSTRAINT "gm_voucher_redemptions_worker_id_gm_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."gm_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_voucher_redemptions" ADD CONSTRAINT "gm_voucher_redemptions_placement_id_gm_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."gm_placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gm_voucher_redemptions_page" ON "gm_voucher_redemptions" USING btree ("market_id","created_at","id");