CREATE TABLE "change_feed_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_sequence" bigint NOT NULL,
	CONSTRAINT "change_feed_head_single_row" CHECK ("change_feed_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"sequence" bigint PRIMARY KEY NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"revision" integer NOT NULL,
	"event_id" text NOT NULL,
	"person_key" text,
	"person_id" uuid,
	"division_code" text,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "changes_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "rejections" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid,
	"division_code" text,
	"revision" integer,
	"notice_id" text NOT NULL,
	"event_id" text NOT NULL,
	"stage" text NOT NULL,
	"reason_code" text NOT NULL,
	"reason" text NOT NULL,
	"problems" jsonb NOT NULL,
	"rejected_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by_revision" integer
);
--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rejections" ADD CONSTRAINT "rejections_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "changes_kind" ON "changes" USING btree ("kind","sequence");--> statement-breakpoint
CREATE INDEX "rejections_newest" ON "rejections" USING btree ("received_at","record_id");--> statement-breakpoint
CREATE INDEX "rejections_open" ON "rejections" USING btree ("received_at","record_id") WHERE "rejections"."cleared_at" is null;