import { z } from "@hono/zod-openapi";
import { errorResponses, invalidRequest } from "@pes/http";
import { CityCode, reportingCityOf } from "@pes/schemas";
import type { MiddlewareHandler } from "hono";
import { defineRoute, readers } from "../../auth/access.js";
import type { App, AppEnv } from "../../context.js";
import { pointNeeds } from "../../use-cases/needs/points.js";
import { useCaseContext } from "../context.js";
import { AreaKey, NeedPerson, needCounts } from "./schema.js";

/** Persons listed per point; the counts cover all of them. */
export const PERSONS_PER_POINT = 200;

const PointNeeds = z
  .object({
    kind: z.enum(["service-point", "community", "unassigned"]),
    servicePointId: z.string().openapi({
      description: "The service point id, the community code, or `unassigned`",
    }),
    ...needCounts,
    personCount: z.number().int().openapi({ description: "Persons with an open need at this point" }),
    truncated: z
      .boolean()
      .openapi({ description: `More than ${PERSONS_PER_POINT} persons: the rest are not listed` }),
    persons: z.array(NeedPerson),
  })
  .openapi("ServicePointNeeds");

/**
 * A district of another city would answer an empty list that reads as "nothing owed": a 400 on the
 * path. Only when both fields are valid; otherwise the route's own validation reports them.
 */
const districtInCity: MiddlewareHandler<AppEnv> = async (c, next) => {
  const district = AreaKey.safeParse(c.req.param("districtCode"));
  const city = CityCode.safeParse(c.req.query("city"));
  if (district.success && city.success && reportingCityOf(district.data) !== city.data)
    return invalidRequest(c, [
      { path: "districtCode", in: "path", message: `District ${district.data} is not in city ${city.data}` },
    ]);
  await next();
};

const route = defineRoute({
  method: "get",
  path: "/v1/needs/districts/{districtCode}/service-points",
  tags: ["Needs 数据回流"],
  summary: "A district's open service needs per service point, with the persons (masked)",
  description:
    "The open needs counted in the district by GET /v1/needs/districts, per place that acts on them: a " +
    "131 shortfall at the service point of the person's registration (`kind: service-point`); a " +
    "zero-employment family at its community code (`kind: community`), or `unassigned` when the family " +
    "names none; an uncontacted graduate at the service point of their registration, or `unassigned` " +
    "without one. A person with several reasons is listed at each place with the reasons that place " +
    `them there. At most ${PERSONS_PER_POINT} persons per point, longest waiting first (\`truncated\`); ` +
    "names and ID numbers are masked. Points: service points and communities by id, `unassigned` last.",
  access: readers,
  request: {
    params: z.object({
      districtCode: AreaKey.openapi({ param: { name: "districtCode", in: "path" }, example: "350203" }),
    }),
    query: z.object({ city: CityCode }),
  },
  responses: {
    200: {
      description: "Per point",
      content: {
        "application/json": {
          schema: z.object({
            city: z.string(),
            districtCode: z.string(),
            asOf: z.string().openapi({ description: "When the figures were read" }),
            items: z.array(PointNeeds),
          }),
        },
      },
    },
    ...errorResponses,
  },
  middleware: [districtInCity] as const,
});

export function registerServicePointNeeds(app: App): void {
  app.openapi(route, async (c) => {
    const { districtCode } = c.req.valid("param");
    const { city } = c.req.valid("query");
    const asOf = new Date().toISOString();
    const items = await pointNeeds(useCaseContext(c), { city, districtCode, perPoint: PERSONS_PER_POINT });
    return c.json({ city, districtCode, asOf, items }, 200);
  });
}
