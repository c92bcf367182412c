CREATE TABLE "hub_dead_letter_replays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dead_letter_topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" text NOT NULL,
	"origin_topic" text NOT NULL,
	"reason" text NOT NULL,
	"operator_id" uuid NOT NULL,
	"forced" boolean DEFAULT false NOT NULL,
	"replayed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_source_daily_counts" (
	"source" text NOT NULL,
	"type" text NOT NULL,
	"day" date NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"late_records" integer DEFAULT 0 NOT NULL,
	"first_time" timestamp with time zone NOT NULL,
	"last_time" timestamp with time zone NOT NULL,
	"last_received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hub_source_daily_counts_source_type_day_pk" PRIMARY KEY("source","type","day")
);
--> statement-breakpoint
CREATE TABLE "hub_operator_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "hub_operator_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "hub_operators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hub_dead_letter_replays" ADD CONSTRAINT "hub_dead_letter_replays_operator_id_hub_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."hub_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_operator_tokens" ADD CONSTRAINT "hub_operator_tokens_operator_id_hub_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."hub_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hub_dead_letter_replays_letter" ON "hub_dead_letter_replays" USING btree ("dead_letter_topic","partition","offset");--> statement-breakpoint
CREATE INDEX "hub_source_daily_counts_day" ON "hub_source_daily_counts" USING btree ("day");--> statement-breakpoint
CREATE INDEX "hub_operator_tokens_operator" ON "hub_operator_tokens" USING btree ("operator_id");