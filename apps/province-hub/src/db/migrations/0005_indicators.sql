CREATE TABLE "hub_indicator_contributions" (
	"record_id" text NOT NULL,
	"component" text NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"month" text NOT NULL,
	"subject" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_indicator_declarations" (
	"record_id" text PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL,
	"code" text NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"declared_by" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_indicator_targets" (
	"area_code" text NOT NULL,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"target" double precision NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hub_indicator_targets_area_code_year_code_pk" PRIMARY KEY("area_code","year","code")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "hub_indicator_contributions_once" ON "hub_indicator_contributions" USING btree ("record_id","component","month","subject");--> statement-breakpoint
CREATE INDEX "hub_indicator_contributions_area" ON "hub_indicator_contributions" USING btree ("component","city_code","month");--> statement-breakpoint
CREATE INDEX "hub_indicator_declarations_area" ON "hub_indicator_declarations" USING btree ("city_code","code","period");