import { z } from "@hono/zod-openapi";
import { errorResponses, pageFrom, pageOf, pageQuery, readCursor } from "@pes/http";
import { ServicePointId } from "@pes/schemas";
import { newestFirst } from "@pes/sync";
import { and, eq, like, lt, or, type SQL } from "drizzle-orm";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { loadCalendar } from "../../db/calendar.js";
import { persons } from "../../db/tables/persons.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { accessRootOf } from "../../domain/index.js";
import { todayOf } from "../shared.js";
import { presentRegistration } from "./present.js";
import { RegistrationView } from "./schema.js";

const Query = z.object({
  state: z.enum(["applied", "registered", "closed"]).optional(),
  servicePointId: ServicePointId.optional(),
  overdue: z.enum(["true", "false"]).optional().meta({
    description:
      "true: applications past their 10-working-day deadline (超时未办结) on today's date in China (UTC+8)",
  }),
  ...pageQuery({ max: 200, defaultLimit: 50, cursorCheck: "handler", next: "next" }).shape,
});

const route = defineRoute({
  method: "get",
  path: "/v1/unemployment-registrations",
  tags: ["Unemployment registration 失业登记"],
  summary: "The registrations of persons within your jurisdiction, newest first (personal data masked)",
  access: staff,
  request: { query: Query },
  responses: {
    200: {
      description: "One page",
      content: {
        "application/json": {
          schema: pageOf(RegistrationView, "UnemploymentRegistrationPage", "next"),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerList(app: App): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const { db, vault, config } = c.get("services");
    const root = accessRootOf(c.get("caller"));
    const where: (SQL | undefined)[] = [];
    // A city admin sees the whole node (it holds one city); others their division and everything below it.
    if (root && root !== config.cityCode)
      where.push(or(eq(persons.divisionCode, root), like(persons.divisionCode, `${root}%`)));
    if (q.state) where.push(eq(unemploymentRegistrations.state, q.state));
    if (q.servicePointId) where.push(eq(unemploymentRegistrations.servicePointId, q.servicePointId));
    if (q.overdue === "true")
      where.push(
        and(
          eq(unemploymentRegistrations.state, "applied"),
          lt(unemploymentRegistrations.deadline, todayOf(c)),
        ),
      );
    // created_at is in microseconds: newestFirst carries it as the database's text, as a Date would cut it.
    // A malformed cursor is a 422 invalid-cursor, as it has been.
    const keys = newestFirst(unemploymentRegistrations.createdAt, unemploymentRegistrations.id);
    where.push(keys.after(readCursor(q.cursor)));
    const rows = await db.db
      .select({ row: unemploymentRegistrations, person: persons, cursorAt: keys.at })
      .from(unemploymentRegistrations)
      .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
      .where(and(...where))
      .orderBy(...keys.orderBy)
      .limit(q.limit + 1);
    const calendar = await loadCalendar(db.db);
    const page = pageFrom(rows, q.limit, ({ row, cursorAt }) => ({ at: cursorAt, id: row.id }));
    return c.json(
      {
        items: page.rows.map(({ row, person }) => presentRegistration(row, person, vault, false, calendar)),
        next: page.nextCursor,
      },
      200,
    );
  });
}
