import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode } from "@pes/schemas";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { districtNeeds } from "../../use-cases/needs/districts.js";
import { useCaseContext } from "../context.js";
import { needCounts } from "./schema.js";

const DistrictNeeds = z
  .object({
    districtCode: z.string().openapi({
      description: "The district of the need's anchor record, or the city's own code when it names none",
    }),
    ...needCounts,
  })
  .openapi("DistrictNeeds");

const route = defineRoute({
  method: "get",
  path: "/v1/needs/districts",
  tags: ["Needs 数据回流"],
  summary: "Open service needs of a city per district: 131 shortfalls, uncleared zero-employment families",
  description:
    "What the hub has told the city (service-needed notices still open), totalled per district. A " +
    "person counts in the district of their anchor record: the registered unemployment registration, " +
    "else the identified zero-employment family, else the graduate ledger line; when that record names " +
    "no district the key is the city's own code (e.g. 350200). Only districts with an open need are listed.",
  access: readers,
  request: { query: z.object({ city: CityCode }) },
  responses: {
    200: {
      description: "Per district, by district code",
      content: {
        "application/json": {
          schema: z.object({
            city: z.string(),
            asOf: z.string().openapi({ description: "When the figures were read" }),
            items: z.array(DistrictNeeds),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerDistrictNeeds(app: App): void {
  app.openapi(route, async (c) => {
    const { city } = c.req.valid("query");
    const asOf = new Date().toISOString();
    return c.json({ city, asOf, items: await districtNeeds(useCaseContext(c), { city }) }, 200);
  });
}
