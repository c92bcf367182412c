CREATE TABLE "gm_flowback_feeds" (
	"market_id" text PRIMARY KEY NOT NULL,
	"last_sequence" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gm_flowback_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" text NOT NULL,
	"sequence" bigint NOT NULL,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"revision" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"pii_enc" text,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gm_flowback_items_sequence" UNIQUE("market_id","sequence"),
	CONSTRAINT "gm_flowback_items_revision" UNIQUE("market_id","record_id","revision")
);
--> statement-breakpoint
CREATE TABLE "gm_webhook_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gm_webhook_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "gm_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"market_id" text NOT NULL,
	"item_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease" uuid,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gm_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market_id" text NOT NULL,
	"url" text NOT NULL,
	"kinds" jsonb,
	"secret_enc" text NOT NULL,
	"secret_rotated_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "gm_flowback_feeds" ADD CONSTRAINT "gm_flowback_feeds_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_flowback_items" ADD CONSTRAINT "gm_flowback_items_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_webhook_attempts" ADD CONSTRAINT "gm_webhook_attempts_delivery_id_gm_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."gm_webhook_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_webhook_deliveries" ADD CONSTRAINT "gm_webhook_deliveries_webhook_id_gm_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."gm_webhooks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_webhook_deliveries" ADD CONSTRAINT "gm_webhook_deliveries_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_webhook_deliveries" ADD CONSTRAINT "gm_webhook_deliveries_item_id_gm_flowback_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."gm_flowback_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gm_webhooks" ADD CONSTRAINT "gm_webhooks_market_id_gm_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."gm_markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gm_flowback_items_kind" ON "gm_flowback_items" USING btree ("market_id","kind","sequence");--> statement-breakpoint
CREATE INDEX "gm_webhook_attempts_delivery" ON "gm_webhook_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE INDEX "gm_webhook_deliveries_page" ON "gm_webhook_deliveries" USING btree ("webhook_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gm_webhook_deliveries_due" ON "gm_webhook_deliveries" USING btree ("next_attempt_at") WHERE "gm_webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "gm_webhooks_page" ON "gm_webhooks" USING btree ("market_id","created_at","id");