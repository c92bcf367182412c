CREATE TABLE "hub_flowback_receipts" (
	"receipt_id" uuid PRIMARY KEY NOT NULL,
	"flowback_id" text NOT NULL,
	"receiver" text NOT NULL,
	"flowback_type" text NOT NULL,
	"digest" text NOT NULL,
	"outcome" text NOT NULL,
	"reason_code" text,
	"reason" text,
	"acknowledged_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"flag" text
);
--> statement-breakpoint
CREATE INDEX "hub_flowback_receipts_record" ON "hub_flowback_receipts" USING btree ("flowback_id");--> statement-breakpoint
CREATE INDEX "hub_flowback_receipts_receiver" ON "hub_flowback_receipts" USING btree ("receiver","received_at");--> statement-breakpoint
CREATE INDEX "hub_evidence_log_sent_record" ON "hub_evidence_log" USING btree ("record_id") WHERE "hub_evidence_log"."kind" = 'sent';--> statement-breakpoint
CREATE INDEX "hub_evidence_log_sent_receiver" ON "hub_evidence_log" USING btree ("receiver","at","record_id") WHERE "hub_evidence_log"."kind" = 'sent';