CREATE TABLE "hub_sent_needs" (
	"person_key" text NOT NULL,
	"city_code" text NOT NULL,
	"notice_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"digest" text NOT NULL,
	"reasons" text[] NOT NULL,
	CONSTRAINT "hub_sent_needs_person_key_city_code_pk" PRIMARY KEY("person_key","city_code")
);
