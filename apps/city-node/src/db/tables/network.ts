import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** The city's service network below the district: streets/towns and communities/villages it loads. */
export const divisions = pgTable("divisions", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  level: text("level", { enum: ["city", "district", "street", "community"] }).notNull(),
  parentCode: text("parent_code"),
  /** 常住人口, when the city gave it: what the province weighs staffing against. */
  population: integer("population"),
});

export const servicePoints = pgTable(
  "service_points",
  {
    id: text("id").primaryKey(),
    /**
     * The city's own code of the service point (its employment system's), when it has one: a record
     * sent by that system may name the point by it (servicePointCode) instead of the node's id.
     */
    code: text("code"),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["public", "market-run", "gig-station"] }).notNull(),
    divisionCode: text("division_code").notNull(),
    address: text("address"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("service_points_division").on(t.divisionCode),
    uniqueIndex("service_points_code").on(t.code).where(sql`${t.code} is not null`),
  ],
);

export const staffRoles = ["clerk", "supervisor", "city-admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staff = pgTable("staff", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  role: text("role", { enum: staffRoles }).notNull(),
  /** The jurisdiction: the city, a district, a street or a community. */
  divisionCode: text("division_code").notNull(),
  servicePointId: text("service_point_id").references(() => servicePoints.id),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The node's service-network record (公共就业服务网络, use-cases/network/publish.ts) as last published:
 * one row, locked by each change of the network so that its revisions go out in order. The record's
 * id stays the same from the first revision on; the digest is of the content (the divisions and the
 * points with their staff counts, not asOf or recordedAt), so an unchanged network publishes nothing.
 */
export const serviceNetworkPublication = pgTable(
  "service_network_publication",
  {
    id: integer("id").primaryKey().default(1),
    recordId: uuid("record_id").notNull(),
    /** The revision last published; 0 before the first. */
    revision: integer("revision").notNull(),
    digest: text("digest"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [check("service_network_publication_single_row", sql`${t.id} = 1`)],
);

/** Bearer tokens, stored as SHA-256 of the token: a leaked table cannot be replayed. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    tokenHash: text("token_hash").notNull().unique(),
    label: text("label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** When the token was last accepted, to the minute (written at most once a minute per token). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_staff").on(t.staffId)],
);
