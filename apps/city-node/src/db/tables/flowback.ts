import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What the province sent down for grassroots staff to act on (数据回流): persons needing a service and
 * vouchers of the city's residents. The person is kept by key only; the rest is the notice as received.
 */
export const flowbackNotices = pgTable(
  "flowback_notices",
  {
    id: text("id").primaryKey(),
    type: text("type", { enum: ["service-needed-notice", "voucher-notice"] }).notNull(),
    personKey: text("person_key").notNull(),
    areaCode: text("area_code"),
    status: text("status").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("flowback_person").on(t.personKey), index("flowback_area").on(t.areaCode, t.status)],
);
