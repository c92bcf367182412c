import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/**
 * The service-needed notice last sent for each person to each city: sent again only when what the
 * person needs changes, as a new revision of the same notice.
 */
export const sentNeeds = pgTable(
  "hub_sent_needs",
  {
    personKey: text("person_key").notNull(),
    cityCode: text("city_code").notNull(),
    noticeId: uuid("notice_id").notNull().defaultRandom(),
    revision: integer("revision").notNull(),
    status: text("status", { enum: ["open", "resolved"] }).notNull(),
    digest: text("digest").notNull(),
    reasons: text("reasons").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.personKey, t.cityCode] })],
);
