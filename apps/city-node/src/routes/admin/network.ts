import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { FujianDivisionCode, IsoDate, ServicePointId } from "@pes/schemas";
import { sql } from "drizzle-orm";
import { defineRoute, roles } from "../../auth/access.js";
import type { App } from "../../context.js";
import { calendarDays } from "../../db/tables/calendar.js";
import { servicePoints } from "../../db/tables/network.js";
import { WorkingCalendar } from "../../domain/index.js";
import { publishServiceNetwork } from "../../use-cases/network/publish.js";
import { useCaseContext } from "../context.js";
import { withRules } from "../rule-errors.js";
import { assertInCity } from "../shared.js";

const tags = ["Service network 服务网络"];

const ServicePointInput = z
  .object({
    id: ServicePointId,
    code: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .openapi({
        description:
          "The city's own code of the point (its employment system's), unique in the node: records from that system " +
          "may name the point by it (`servicePointCode` in a batch or an import). Left out: the point keeps the code it has",
        example: "XM-SM-001",
      }),
    name: z.string().min(1).max(100),
    kind: z.enum(["public", "market-run", "gig-station"]).meta({ description: "公办 / 市场化 / 零工驿站" }),
    divisionCode: FujianDivisionCode,
    address: z.string().max(200).optional(),
  })
  .openapi("ServicePoint");

const putServicePoint = defineRoute({
  method: "put",
  path: "/v1/service-points",
  tags,
  summary: "Add or update a service point (city admin)",
  description:
    "A new point, or its kind or division changed, publishes the next revision of the city's service network " +
    "(service-network) in the same transaction; its name, code and address are not part of it.",
  access: roles("city-admin"),
  request: { body: { required: true, content: { "application/json": { schema: ServicePointInput } } } },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: ServicePointInput } } },
    ...errorResponses,
    409: problemResponse("Another service point has this code (duplicate)"),
    422: problemResponse("The division is not a district, street or community of this city"),
  },
});

const CalendarInput = z
  .object({
    entries: z
      .array(
        z.object({
          date: IsoDate,
          kind: z.enum(["holiday", "workday"]),
          name: z.string().max(50).optional(),
        }),
      )
      .min(1)
      .max(400),
  })
  .openapi("CalendarEntries");

const putCalendar = defineRoute({
  method: "put",
  path: "/v1/calendar",
  tags,
  summary: "Load public holidays and make-up working days (调休上班) for deadline counting (city admin)",
  access: roles("city-admin"),
  request: { body: { required: true, content: { "application/json": { schema: CalendarInput } } } },
  responses: {
    200: {
      description: "Loaded",
      content: { "application/json": { schema: z.object({ loaded: z.number().int() }) } },
    },
    ...errorResponses,
  },
});

export function registerNetworkRoutes(app: App): void {
  app.openapi(putServicePoint, async (c) => {
    const body = c.req.valid("json");
    const { config, db } = c.get("services");
    await withRules(async () => assertInCity(body.divisionCode, config.cityCode, "divisionCode"));
    const values = {
      id: body.id,
      name: body.name,
      kind: body.kind,
      divisionCode: body.divisionCode,
      address: body.address ?? null,
      ...(body.code !== undefined ? { code: body.code } : {}),
    };
    await withRules(() =>
      db.db.transaction(async (tx) => {
        await tx
          .insert(servicePoints)
          .values(values)
          .onConflictDoUpdate({ target: servicePoints.id, set: values });
        await publishServiceNetwork(useCaseContext(c, tx));
      }),
    );
    return c.json(body, 200);
  });

  app.openapi(putCalendar, async (c) => {
    const { entries } = c.req.valid("json");
    // The domain checks the entries (a make-up working day must fall on a weekend) before they are stored.
    await withRules(async () => new WorkingCalendar(entries));
    const { db } = c.get("services");
    await db.db
      .insert(calendarDays)
      .values(entries.map((e) => ({ date: e.date, kind: e.kind, name: e.name ?? null })))
      .onConflictDoUpdate({
        target: calendarDays.date,
        set: { kind: sql`excluded.kind`, name: sql`excluded.name` },
      });
    return c.json({ loaded: entries.length }, 200);
  });
}
