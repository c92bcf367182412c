CREATE TABLE "hub_layoff_warnings" (
	"record_id" text PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"enterprise_name" text NOT NULL,
	"credit_code" text NOT NULL,
	"industry" text NOT NULL,
	"kind" text NOT NULL,
	"persons" integer NOT NULL,
	"workforce" integer,
	"reported_on" date NOT NULL,
	"effective_on" date NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "hub_risk_warnings" ADD COLUMN "dimension" text DEFAULT 'area' NOT NULL;--> statement-breakpoint
ALTER TABLE "hub_risk_warnings" ADD COLUMN "category" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "hub_unemployment_inflow" ADD COLUMN "dimension" text DEFAULT 'area' NOT NULL;--> statement-breakpoint
ALTER TABLE "hub_unemployment_inflow" ADD COLUMN "category" text DEFAULT '' NOT NULL;--> statement-breakpoint
DROP INDEX "hub_risk_warnings_once";--> statement-breakpoint
ALTER TABLE "hub_unemployment_inflow" DROP CONSTRAINT "hub_unemployment_inflow_area_code_month_pk";--> statement-breakpoint
ALTER TABLE "hub_unemployment_inflow" ADD CONSTRAINT "hub_unemployment_inflow_area_code_dimension_category_month_pk" PRIMARY KEY("area_code","dimension","category","month");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_risk_warnings_once" ON "hub_risk_warnings" USING btree ("area_code","dimension","category","month");
