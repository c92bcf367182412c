import { date, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { ExpectedPay } from "../../domain/matching.js";
import { createdAt } from "./columns.js";
import { markets } from "./markets.js";

export type { ExpectedPay };

export const workerStatuses = ["active", "withdrawn"] as const;
export type WorkerStatus = (typeof workerStatuses)[number];

/** What the worker consents to when registering; recorded with each worker. */
export const CONSENT_PURPOSE = "matching and placement by this market";

/**
 * Gig workers (零工) registered with a market, with their consent. The ID number, name and mobile are
 * personal data: stored only encrypted (AES-256-GCM, PiiCipher of @pes/sync) and found by the person
 * key (keyed HMAC of the ID number), so the clear ID is never a column or an index. When the worker
 * withdraws consent every personal column is nulled and the row stays only as withdrawn.
 */
export const workers = pgTable(
  "gm_workers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    status: text("status", { enum: workerStatuses }).notNull().default("active"),
    /** Null once withdrawn: with it the person could still be recognised. */
    personKey: text("person_key"),
    idNumberEnc: text("id_number_enc"),
    nameEnc: text("name_enc"),
    mobileEnc: text("mobile_enc"),
    consentGivenAt: timestamp("consent_given_at", { withTimezone: true }).notNull(),
    consentPurpose: text("consent_purpose").notNull(),
    consentWithdrawnAt: timestamp("consent_withdrawn_at", { withTimezone: true }),
    /** Occupation codes (职业分类大典) or names. */
    occupations: jsonb("occupations").$type<string[]>().notNull().default([]),
    /** Division codes within the market's city where the worker would like to work. */
    preferredPlaces: jsonb("preferred_places").$type<string[]>().notNull().default([]),
    expectedPay: jsonb("expected_pay").$type<ExpectedPay>(),
    availableFrom: date("available_from"),
    availableUntil: date("available_until"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One worker per person per market; withdrawn rows have no person key and never collide.
    unique("gm_workers_person").on(t.marketId, t.personKey),
    index("gm_workers_page").on(t.marketId, t.createdAt, t.id),
  ],
);
