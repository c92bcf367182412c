CREATE TABLE "change_feed_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_sequence" bigint NOT NULL,
	CONSTRAINT "change_feed_head_single_row" CHECK ("change_feed_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sequence" bigint,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"revision" integer NOT NULL,
	"event_id" text NOT NULL,
	"person_key" text,
	"person_id" uuid,
	"division_code" text,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "changes_sequence_unique" UNIQUE("sequence")
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
CREATE INDEX "rejections_open" ON "rejections" USING btree ("received_at","record_id") WHERE "rejections"."cleared_at" is null;--> statement-breakpoint
INSERT INTO "change_feed_head" ("id", "last_sequence") VALUES (1, 0) ON CONFLICT DO NOTHING;--> statement-breakpoint
-- The change feed's numbers are taken as each transaction commits (a deferred constraint trigger, in
-- the order its items were added): the head row is held from then until the commit ends, so items are
-- numbered in commit order and a reader resuming after n never misses one numbered below n.
CREATE FUNCTION "number_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE next bigint;
BEGIN
  UPDATE "change_feed_head" SET "last_sequence" = "last_sequence" + 1 WHERE "id" = 1 RETURNING "last_sequence" INTO next;
  UPDATE "changes" SET "sequence" = next WHERE "id" = NEW."id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "number_changes" AFTER INSERT ON "changes" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "number_changes"();
