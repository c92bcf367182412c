import type { GigPosting } from "@pes/schemas";
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { postingStatuses } from "../../domain/postings.js";
import { createdAt } from "./columns.js";
import { markets } from "./markets.js";

export { type PostingStatus, postingStatuses } from "../../domain/postings.js";

/** The published record without the contact phone, which is personal data and kept encrypted. */
export type StoredPosting = Omit<GigPosting, "contactPhone">;

/** Gig postings (零工岗位): the latest revision of each, as published on the market's pes.gig.{market}.events. */
export const postings = pgTable(
  "gm_postings",
  {
    id: uuid("id").primaryKey(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    revision: integer("revision").notNull(),
    status: text("status", { enum: postingStatuses }).notNull(),
    record: jsonb("record").$type<StoredPosting>().notNull(),
    contactPhoneEnc: text("contact_phone_enc"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("gm_postings_page").on(t.marketId, t.createdAt, t.id),
    index("gm_postings_status_page").on(t.marketId, t.status, t.createdAt, t.id),
  ],
);
