CREATE TABLE "difficulty_recognitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"state" text NOT NULL,
	"applied_on" date NOT NULL,
	"decided_on" date,
	"unemployment_registration_id" uuid
);
--> statement-breakpoint
CREATE TABLE "key_group_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"key_group" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"service_point_id" text
);
--> statement-breakpoint
CREATE TABLE "service_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"service_record_id" uuid,
	"service_point_id" text,
	"category" text NOT NULL,
	"satisfied" boolean NOT NULL,
	"rated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"service_point_id" text NOT NULL,
	"service_type" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"served_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"enrolled_on" date NOT NULL,
	"completed_on" date,
	"subsidised" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zero_employment_families" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"person_id" uuid NOT NULL,
	"state" text NOT NULL,
	"identified_on" date NOT NULL,
	"cleared_on" date
);
--> statement-breakpoint
CREATE TABLE "zero_employment_family_members" (
	"family_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "zero_employment_family_members_family_id_person_id_pk" PRIMARY KEY("family_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "difficulty_recognitions" ADD CONSTRAINT "difficulty_recognitions_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_group_memberships" ADD CONSTRAINT "key_group_memberships_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_ratings" ADD CONSTRAINT "service_ratings_service_record_id_service_records_id_fk" FOREIGN KEY ("service_record_id") REFERENCES "public"."service_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zero_employment_families" ADD CONSTRAINT "zero_employment_families_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zero_employment_family_members" ADD CONSTRAINT "zero_employment_family_members_family_id_zero_employment_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."zero_employment_families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zero_employment_family_members" ADD CONSTRAINT "zero_employment_family_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "difficulty_one_pending" ON "difficulty_recognitions" USING btree ("person_id") WHERE "difficulty_recognitions"."state" = 'applied';--> statement-breakpoint
CREATE UNIQUE INDEX "key_group_one_open" ON "key_group_memberships" USING btree ("person_id","key_group") WHERE "key_group_memberships"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "key_group_point" ON "key_group_memberships" USING btree ("key_group","service_point_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_ratings_one_per_service" ON "service_ratings" USING btree ("service_record_id");--> statement-breakpoint
CREATE INDEX "service_ratings_point" ON "service_ratings" USING btree ("service_point_id","rated_at");--> statement-breakpoint
CREATE INDEX "service_records_person" ON "service_records" USING btree ("person_id","served_at");--> statement-breakpoint
CREATE INDEX "service_records_point" ON "service_records" USING btree ("service_point_id","served_at");--> statement-breakpoint
CREATE INDEX "training_records_person" ON "training_records" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "zero_employment_state" ON "zero_employment_families" USING btree ("state");--> statement-breakpoint
CREATE INDEX "zero_employment_member" ON "zero_employment_family_members" USING btree ("person_id");