import type { GigPlacement } from "@pes/schemas";
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { markets } from "./markets.js";
import { postings } from "./postings.js";
import { workers } from "./workers.js";

export const placementStatuses = ["placed", "completed", "cancelled"] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

/** The published record without the person: the ID number and name are kept encrypted beside it. */
export type StoredPlacement = Omit<GigPlacement, "person">;

/**
 * Placements (介绍就业): a worker placed in a posting, then completed with the pay received or
 * cancelled. The person's ID number and name are copied here encrypted because the placement is a
 * record of employment the province counts: it must be republished when completed, even after the
 * worker withdraws from matching.
 */
export const placements = pgTable(
  "gm_placements",
  {
    id: uuid("id").primaryKey(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    postingId: uuid("posting_id")
      .notNull()
      .references(() => postings.id),
    workerId: uuid("worker_id")
      .notNull()
      .references(() => workers.id),
    revision: integer("revision").notNull(),
    status: text("status", { enum: placementStatuses }).notNull(),
    personKey: text("person_key").notNull(),
    idNumberEnc: text("id_number_enc").notNull(),
    nameEnc: text("name_enc").notNull(),
    record: jsonb("record").$type<StoredPlacement>().notNull(),
    /** Pay due minus pay received once completed (欠薪), so arrears can be listed without reading JSON. */
    arrearsFen: integer("arrears_fen"),
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A worker holds one live placement per posting; a cancelled one does not block placing them again.
    uniqueIndex("gm_placements_live").on(t.postingId, t.workerId).where(sql`status <> 'cancelled'`),
    index("gm_placements_page").on(t.marketId, t.createdAt, t.id),
    index("gm_placements_arrears").on(t.marketId, t.createdAt, t.id).where(sql`arrears_fen > 0`),
    index("gm_placements_worker").on(t.workerId),
  ],
);

export const raters = ["worker", "employer"] as const;
export type Rater = (typeof raters)[number];

/** Ratings of completed placements: one by the worker (of the service), one by the employer (of the work). */
export const ratings = pgTable(
  "gm_ratings",
  {
    id: uuid("id").primaryKey(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    placementId: uuid("placement_id")
      .notNull()
      .references(() => placements.id),
    by: text("by", { enum: raters }).notNull(),
    score: smallint("score").notNull(),
    comment: text("comment"),
    ratedAt: timestamp("rated_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("gm_ratings_once").on(t.placementId, t.by),
    check("gm_ratings_score", sql`score between 1 and 5`),
  ],
);
