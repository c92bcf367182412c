CREATE TABLE "hub_dead_letters" (
	"dead_letter_topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"field_path" text,
	"schema" text,
	"origin_topic" text NOT NULL,
	"origin_partition" integer NOT NULL,
	"origin_offset" text NOT NULL,
	"group" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event_id" text,
	"type" text,
	"source" text,
	"city_code" text,
	"summary" text NOT NULL,
	CONSTRAINT "hub_dead_letters_dead_letter_topic_partition_offset_pk" PRIMARY KEY("dead_letter_topic","partition","offset")
);
--> statement-breakpoint
CREATE INDEX "hub_dead_letters_newest" ON "hub_dead_letters" USING btree ("dead_letter_topic","at","partition","offset");--> statement-breakpoint
CREATE INDEX "hub_dead_letters_reason" ON "hub_dead_letters" USING btree ("dead_letter_topic","reason","at","partition","offset");--> statement-breakpoint
CREATE INDEX "hub_dead_letters_origin" ON "hub_dead_letters" USING btree ("dead_letter_topic","origin_topic","at","partition","offset");--> statement-breakpoint
CREATE INDEX "hub_dead_letters_city" ON "hub_dead_letters" USING btree ("dead_letter_topic","city_code","at","partition","offset");