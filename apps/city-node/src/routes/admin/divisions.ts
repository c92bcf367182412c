import { z } from "@hono/zod-openapi";
import { divisionLevel, parentDivisions } from "@pes/core";
import { errorResponses } from "@pes/http";
import { divisionName, FUJIAN_DIVISIONS, FujianDivisionCode, reportingCityOf } from "@pes/schemas";
import { asc, sql } from "drizzle-orm";
import { defineRoute, roles, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { divisions } from "../../db/tables/network.js";
import { publishServiceNetwork } from "../../use-cases/network/publish.js";
import { useCaseContext } from "../context.js";
import { withRules } from "../rule-errors.js";
import { assertInCity } from "../shared.js";

const tags = ["Service network 服务网络"];

const DivisionInput = z.object({
  code: FujianDivisionCode,
  name: z.string().min(1).max(50),
  population: z.number().int().min(0).max(100_000_000).nullable().optional().openapi({
    description:
      "常住人口 (resident population), when the city knows it. Left out: the division keeps the population it has; null: it has none any more",
    example: 6000,
  }),
});
const DivisionView = DivisionInput.extend({
  population: z.number().int().nullable().openapi({ description: "常住人口; null when the city gave none" }),
  level: z.string(),
  parentCode: z.string().nullable(),
}).openapi("Division");

const putDivisions = defineRoute({
  method: "put",
  path: "/v1/divisions",
  tags,
  summary: "Load the city's streets/towns (街道/乡镇) and communities/villages (社区/村) (city admin)",
  description:
    "Adds the divisions not loaded yet and renames those that are. A division's population (常住人口) is set when " +
    "the item gives it, cleared when the item gives null, and left as it is when the item leaves it out: a " +
    "reload of the names alone keeps the populations loaded before. A new street or community, or a " +
    "population changed, publishes the next revision of the city's service network (service-network) in the " +
    "same transaction; names alone are not part of it.",
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
        const row = { code: d.code, name: d.name, level, parentCode: parentDivisions(d.code)[0] ?? null };
        return d.population === undefined ? row : { ...row, population: d.population };
      }),
    );
    // An item without population keeps the stored one: its rows update the name alone.
    const withPopulation = rows.filter((r) => "population" in r);
    const namesOnly = rows.filter((r) => !("population" in r));
    await db.db.transaction(async (tx) => {
      if (withPopulation.length > 0)
        await tx
          .insert(divisions)
          .values(withPopulation)
          .onConflictDoUpdate({
            target: divisions.code,
            set: { name: sql`excluded.name`, population: sql`excluded.population` },
          });
      if (namesOnly.length > 0)
        await tx
          .insert(divisions)
          .values(namesOnly)
          .onConflictDoUpdate({ target: divisions.code, set: { name: sql`excluded.name` } });
      await publishServiceNetwork(useCaseContext(c, tx));
    });
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
        population: null,
      }));
    return c.json({ items: [...districts, ...loaded] }, 200);
  });
}
