import { sql } from "drizzle-orm";
import { date, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ledgerColumns, personRef } from "./columns.js";

/** 重点群体实名台账: one line per person, group and period. */
export const keyGroupMemberships = pgTable(
  "key_group_memberships",
  {
    ...ledgerColumns(),
    personId: personRef(),
    group: text("key_group").notNull(),
    startedOn: date("started_on").notNull(),
    endedOn: date("ended_on"),
    /** The service point responsible for the person's follow-up (131), when the group needs one. */
    servicePointId: text("service_point_id"),
  },
  (t) => [
    uniqueIndex("key_group_one_open").on(t.personId, t.group).where(sql`${t.endedOn} is null`),
    index("key_group_point").on(t.group, t.servicePointId),
  ],
);
