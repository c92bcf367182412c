import { createRoute, z } from "@hono/zod-openapi";
import { DomainError, errorResponses } from "@pes/http";
import { ServicePointId } from "@pes/schemas";
import { and, desc, eq, like, lt, or, type SQL, sql } from "drizzle-orm";
import type { App } from "../../app.js";
import { persons } from "../../db/tables/persons.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { accessRootOf } from "../../domain/index.js";
import { bearer } from "../shared.js";
import { presentRegistration } from "./present.js";
import { RegistrationView } from "./schema.js";

const Query = z.object({
  state: z.enum(["applied", "registered", "closed"]).optional(),
  servicePointId: ServicePointId.optional(),
  overdue: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "true: applications past their 10-working-day deadline (超时未办结)" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().meta({ description: "next from the previous page" }),
});

const route = createRoute({
  method: "get",
  path: "/v1/unemployment-registrations",
  tags: ["Unemployment registration 失业登记"],
  summary: "The registrations of persons within your jurisdiction, newest first (personal data masked)",
  security: bearer,
  request: { query: Query },
  responses: {
    200: {
      description: "One page",
      content: {
        "application/json": {
          schema: z
            .object({ items: z.array(RegistrationView), next: z.string().nullable() })
            .openapi("UnemploymentRegistrationPage"),
        },
      },
    },
    ...errorResponses,
  },
});

// The cursor keeps created_at as the database prints it (microseconds): a JavaScript Date would round
// it to milliseconds, and rows created within that millisecond would fall between pages.
const encodeCursor = (createdAt: string, id: string) =>
  Buffer.from(`${createdAt}|${id}`).toString("base64url");
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!id || !createdAt || Number.isNaN(new Date(createdAt).getTime())) {
    throw new DomainError("invalid", "bad-cursor", "The cursor is not one this API returned", {
      errors: [{ path: "cursor", message: "unknown cursor" }],
    });
  }
  return { createdAt, id };
}

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
          lt(unemploymentRegistrations.deadline, new Date().toISOString().slice(0, 10)),
        ),
      );
    if (q.cursor) {
      const { createdAt, id } = decodeCursor(q.cursor);
      const at = sql`${createdAt}::timestamptz`;
      where.push(
        or(
          sql`${unemploymentRegistrations.createdAt} < ${at}`,
          and(sql`${unemploymentRegistrations.createdAt} = ${at}`, lt(unemploymentRegistrations.id, id)),
        ),
      );
    }
    const rows = await db.db
      .select({
        row: unemploymentRegistrations,
        person: persons,
        createdAt: sql<string>`${unemploymentRegistrations.createdAt}::text`,
      })
      .from(unemploymentRegistrations)
      .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
      .where(and(...where))
      .orderBy(desc(unemploymentRegistrations.createdAt), desc(unemploymentRegistrations.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return c.json(
      {
        items: page.map(({ row, person }) => presentRegistration(row, person, vault, false)),
        next: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.row.id) : null,
      },
      200,
    );
  });
}
