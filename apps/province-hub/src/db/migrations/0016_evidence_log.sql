CREATE TABLE "hub_evidence_archives" (
	"from_seq" bigint PRIMARY KEY NOT NULL,
	"to_seq" bigint NOT NULL,
	"file" text NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_evidence_checkpoints" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"at" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_evidence_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"digest" text NOT NULL,
	"ref" text NOT NULL,
	"sender" text NOT NULL,
	"receiver" text NOT NULL,
	"at" text NOT NULL,
	"reason" text NOT NULL,
	"prev" text NOT NULL,
	"hash" text NOT NULL
);
