import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** gateway: a machine account (a gig market's deployment) that only reads, claims and redeems vouchers. */
export const operatorRoles = ["viewer", "operator", "admin", "gateway"] as const;
export type OperatorRole = (typeof operatorRoles)[number];

/** Provincial operators: viewers watch, operators also replay dead letters, admins manage operators. */
export const operators = pgTable("hub_operators", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  role: text("role", { enum: operatorRoles }).notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Bearer tokens, stored as SHA-256 of the token: a leaked table cannot be replayed. */
export const operatorTokens = pgTable(
  "hub_operator_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    tokenHash: text("token_hash").notNull().unique(),
    label: text("label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("hub_operator_tokens_operator").on(t.operatorId)],
);
