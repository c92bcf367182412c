CREATE TABLE "hub_voucher_provider_gateways" (
	"provider_id" text NOT NULL,
	"operator_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hub_voucher_provider_gateways_provider_id_operator_id_pk" PRIMARY KEY("provider_id","operator_id")
);
--> statement-breakpoint
ALTER TABLE "hub_voucher_provider_gateways" ADD CONSTRAINT "hub_voucher_provider_gateways_provider_id_hub_voucher_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."hub_voucher_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_voucher_provider_gateways" ADD CONSTRAINT "hub_voucher_provider_gateways_operator_id_hub_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."hub_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hub_voucher_provider_gateways_operator" ON "hub_voucher_provider_gateways" USING btree ("operator_id");