CREATE TABLE "hub_voucher_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"service_kind" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"eligible_groups" text[] NOT NULL,
	"eligible_providers" text[] NOT NULL,
	"issue_from" date NOT NULL,
	"issue_until" date NOT NULL,
	"valid_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_voucher_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"account_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_voucher_settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" text NOT NULL,
	"through" date NOT NULL,
	"payment_ref" text NOT NULL,
	"voucher_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"file" text NOT NULL,
	"file_sha256" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hub_voucher_settlements_payment_ref_unique" UNIQUE("payment_ref")
);
--> statement-breakpoint
CREATE TABLE "hub_voucher_trail" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"voucher_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_vouchers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" text NOT NULL,
	"person_key" text NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text,
	"amount_fen" integer NOT NULL,
	"status" text NOT NULL,
	"step" integer DEFAULT 1 NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_on" date NOT NULL,
	"claimed_at" timestamp with time zone,
	"redeemed_at" timestamp with time zone,
	"redeemed_by" text,
	"market_id" text,
	"service_ref" text,
	"settled_at" timestamp with time zone,
	"settlement_id" uuid,
	"ended_at" timestamp with time zone,
	"revoke_reason" text
);
--> statement-breakpoint
ALTER TABLE "hub_voucher_settlements" ADD CONSTRAINT "hub_voucher_settlements_provider_id_hub_voucher_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."hub_voucher_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_voucher_trail" ADD CONSTRAINT "hub_voucher_trail_voucher_id_hub_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."hub_vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_vouchers" ADD CONSTRAINT "hub_vouchers_policy_id_hub_voucher_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."hub_voucher_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hub_voucher_settlements_provider" ON "hub_voucher_settlements" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_voucher_trail_step" ON "hub_voucher_trail" USING btree ("voucher_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_vouchers_one_live" ON "hub_vouchers" USING btree ("policy_id","person_key") WHERE status not in ('expired', 'revoked');--> statement-breakpoint
CREATE INDEX "hub_vouchers_person" ON "hub_vouchers" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "hub_vouchers_status" ON "hub_vouchers" USING btree ("status","expires_on");--> statement-breakpoint
CREATE INDEX "hub_vouchers_provider" ON "hub_vouchers" USING btree ("redeemed_by","redeemed_at");