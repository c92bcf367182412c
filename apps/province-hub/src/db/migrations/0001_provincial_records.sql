CREATE TABLE "hub_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_key" text NOT NULL,
	"kind" text NOT NULL,
	"close_record_id" text NOT NULL,
	"close_city" text NOT NULL,
	"evidence_record_id" text NOT NULL,
	"evidence_city" text NOT NULL,
	"instruction_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_open_registrations" (
	"record_id" text PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"city_code" text NOT NULL,
	"applied_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_persons" (
	"person_key" text PRIMARY KEY NOT NULL,
	"id_number_enc" text NOT NULL,
	"name_enc" text NOT NULL,
	"sex" text,
	"birth_date" date,
	"cities" text[] NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_records" (
	"record_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"revision" integer NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"person_key" text,
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "hub_conflicts_once" ON "hub_conflicts" USING btree ("close_record_id");--> statement-breakpoint
CREATE INDEX "hub_conflicts_person" ON "hub_conflicts" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "hub_open_person" ON "hub_open_registrations" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "hub_records_person" ON "hub_records" USING btree ("person_key","event_time");--> statement-breakpoint
CREATE INDEX "hub_records_city_type" ON "hub_records" USING btree ("city_code","type");