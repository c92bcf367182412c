CREATE TABLE "person_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"from_division_code" text NOT NULL,
	"to_division_code" text NOT NULL,
	"reason" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"request_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_transfers" ADD CONSTRAINT "person_transfers_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_transfers_person" ON "person_transfers" USING btree ("person_id","at");