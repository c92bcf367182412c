import { bigserial, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * 服务过程全记录、可追溯: who read or changed which person's record, when and why. `deny` is a refused
 * attempt (a record outside the caller's area), written after the refused change rolled back; `transfer`
 * a person's area moved (迁移, its from/to/reason in person_transfers). Staff lifecycle: `revoke` an
 * api_token, `deactivate` / `reactivate` a staff member (the actor is the city admin who did it).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    staffId: uuid("staff_id").notNull(),
    action: text("action", {
      enum: [
        "read",
        "create",
        "update",
        "close",
        "apply-flowback",
        "deny",
        "transfer",
        "revoke",
        "deactivate",
        "reactivate",
      ],
    }).notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    personId: uuid("person_id"),
    purpose: text("purpose"),
    requestId: text("request_id"),
  },
  (t) => [index("audit_person").on(t.personId, t.at)],
);
