CREATE TABLE "service_network_publication" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"record_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"digest" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "service_network_publication_single_row" CHECK ("service_network_publication"."id" = 1)
);
