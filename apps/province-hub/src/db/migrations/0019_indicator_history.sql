CREATE TABLE "hub_indicator_contribution_history" (
	"record_id" text NOT NULL,
	"component" text NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"month" text NOT NULL,
	"subject" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	"held_from" timestamp with time zone NOT NULL,
	"held_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "hub_indicator_contribution_history_area" ON "hub_indicator_contribution_history" USING btree ("city_code","month");--> statement-breakpoint
CREATE INDEX "hub_indicator_contribution_history_open" ON "hub_indicator_contribution_history" USING btree ("record_id","component","month","subject") WHERE held_until is null;--> statement-breakpoint
-- What the hub held before it kept a history: held from now on (when it was received is not known).
INSERT INTO "hub_indicator_contribution_history" ("record_id", "component", "city_code", "district_code", "month", "subject", "value", "source", "event_time", "held_from")
  SELECT "record_id", "component", "city_code", "district_code", "month", "subject", "value", "source", "event_time", now() FROM "hub_indicator_contributions";
