CREATE TABLE "hub_indicator_subjects" (
	"component" text NOT NULL,
	"area_code" text NOT NULL,
	"year" text NOT NULL,
	"subject" text NOT NULL,
	"refs" integer[] NOT NULL,
	CONSTRAINT "hub_indicator_subjects_area_code_year_component_subject_pk" PRIMARY KEY("area_code","year","component","subject")
);
--> statement-breakpoint
CREATE TABLE "hub_indicator_totals" (
	"component" text NOT NULL,
	"area_code" text NOT NULL,
	"period" text NOT NULL,
	"source" text NOT NULL,
	"value" double precision DEFAULT 0 NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"as_of" timestamp with time zone,
	CONSTRAINT "hub_indicator_totals_area_code_period_component_source_pk" PRIMARY KEY("area_code","period","component","source")
);
