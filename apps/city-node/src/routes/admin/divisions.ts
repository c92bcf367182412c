import { z } from "@hono/zod-openapi";
import { divisionLevel, parentDivisions } from "@pes/core";
import { errorResponses } from "@pes/http";
import { divisionName, FUJIAN_DIVISIONS, FujianDivisionCode, reportingCityOf } from "@pes/schemas";
import { asc, sql } from "drizzle-orm";
import { defineRoute, roles, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { divisions } from "../../db/tables/network.js";
import { withRules } from "../rule-errors.js";
import { assertInCity } from "../shared.js";

const tags = ["Service network 服务网络"];

const DivisionInput = z.object({ code: FujianDivisionCode, name: z.string().min(1).max(50) });
const DivisionView = DivisionInput.extend({ level: z.string(), parentCode: z.string().nullable() }).openapi(
  "Division",
);

const putDivisions = defineRoute({
  method: "put",
  path: "/v1/divisions",
  tags,
  summary: "Load the city's streets/towns (街道/乡镇) and communities/villages (社区/村) (city admin)",
  access: roles("city-admin"),
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ divisions: z.array(DivisionInput).min(1).max(5000) }).openapi("DivisionsInput"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Loaded",
      content: { "application/json": { schema: z.object({ loaded: z.number().int() }) } },
    },
    ...errorResponses,
  },
});

const listDivisions = defineRoute({
  method: "get",
  path: "/v1/divisions",
  tags,
  summary: "The city's service network: its districts and the streets and communities loaded",
  access: staff,
  responses: {
    200: {
      description: "Divisions",
      content: { "application/json": { schema: z.object({ items: z.array(DivisionView) }) } },
    },
    ...errorResponses,
  },
});

export function registerDivisionRoutes(app: App): void {
  app.openapi(putDivisions, async (c) => {
    const { divisions: input } = c.req.valid("json");
    const { config, db } = c.get("services");
    const rows = await withRules(async () =>
      input.map((d, i) => {
        assertInCity(d.code, config.cityCode, `divisions.${i}.code`);
        const level = divisionLevel(d.code) as "district" | "street" | "community";
        return { code: d.code, name: d.name, level, parentCode: parentDivisions(d.code)[0] ?? null };
      }),
    );
    await db.db
      .insert(divisions)
      .values(rows)
      .onConflictDoUpdate({ target: divisions.code, set: { name: sql`excluded.name` } });
    return c.json({ loaded: rows.length }, 200);
  });

  app.openapi(listDivisions, async (c) => {
    const { config, db } = c.get("services");
    const loaded = await db.db.select().from(divisions).orderBy(asc(divisions.code));
    // The districts come from GB/T 2260 itself; what the city loads adds the levels below.
    const districts = Object.keys(FUJIAN_DIVISIONS)
      .filter((code) => divisionLevel(code) === "district" && reportingCityOf(code) === config.cityCode)
      .map((code) => ({
        code,
        name: divisionName(code) ?? code,
        level: "district",
        parentCode: config.cityCode,
      }));
    return c.json(
      { items: [...districts, ...loaded.map((d) => ({ ...d, parentCode: d.parentCode ?? null }))] },
      200,
    );
  });
}
