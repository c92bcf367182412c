CREATE TABLE "hub_risk_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_code" text NOT NULL,
	"month" text NOT NULL,
	"registrations" integer NOT NULL,
	"baseline" real NOT NULL,
	"rise" real NOT NULL,
	"threshold" real NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_unemployment_inflow" (
	"area_code" text NOT NULL,
	"month" text NOT NULL,
	"registrations" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hub_unemployment_inflow_area_code_month_pk" PRIMARY KEY("area_code","month")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "hub_risk_warnings_once" ON "hub_risk_warnings" USING btree ("area_code","month");