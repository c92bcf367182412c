ALTER TABLE "hub_vouchers" ALTER COLUMN "issued_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "hub_vouchers" ALTER COLUMN "issued_at" SET DEFAULT now();