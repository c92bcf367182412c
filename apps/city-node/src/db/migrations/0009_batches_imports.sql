CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"format" text NOT NULL,
	"file_name" text,
	"file_bytes" integer NOT NULL,
	"file_enc" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"purpose" text,
	"request_id" text,
	"rows_read" integer,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"revised" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rows_applied" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rejections" (
	"job_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"row" integer NOT NULL,
	"column" text,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"path" text,
	CONSTRAINT "import_rejections_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
ALTER TABLE "intake_records" ADD COLUMN "earlier_fingerprints" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "service_points" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejections" ADD CONSTRAINT "import_rejections_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_unfinished" ON "import_jobs" USING btree ("created_at") WHERE "import_jobs"."state" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "service_points_code" ON "service_points" USING btree ("code") WHERE "service_points"."code" is not null;--> statement-breakpoint
CREATE INDEX "unemployment_person" ON "unemployment_registrations" USING btree ("person_id");