CREATE TABLE "enterprise_layoff_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"credit_code" text NOT NULL,
	"division_code" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "layoff_report_enterprise" ON "enterprise_layoff_reports" USING btree ("credit_code");