CREATE TABLE "idempotent_requests" (
	"staff_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"status" integer,
	"content_type" text,
	"body_enc" text,
	CONSTRAINT "idempotent_requests_staff_id_key_pk" PRIMARY KEY("staff_id","key")
);
--> statement-breakpoint
CREATE TABLE "intake_records" (
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	"source_record_id" text,
	"fingerprint" text NOT NULL,
	"revision" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intake_records_kind_record_id_pk" PRIMARY KEY("kind","record_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "intake_source_record" ON "intake_records" USING btree ("kind","source_record_id") WHERE "intake_records"."source_record_id" is not null;