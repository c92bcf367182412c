import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { loadTargets } from "../../use-cases/indicators/store.js";
import { useCaseContext } from "../context.js";
import { TargetsBody } from "./schema.js";

const route = defineRoute({
  method: "put",
  path: "/v1/targets/{cityCode}/{year}",
  tags: ["Indicators 绩效指标"],
  summary: "Load (replace) the target table of a city, a district or the province (350000) for a year",
  description:
    "Needs the operator or admin role. A city without a table is compared with Xiamen's 2023 targets.",
  access: writers,
  request: {
    params: z.object({
      cityCode: z
        .string()
        .regex(/^35\d{4}$/, "a Fujian area code such as 350200, or 350000 for the province"),
      year: z.coerce.number().int().min(2000).max(2100),
    }),
    body: { required: true, content: { "application/json": { schema: TargetsBody } } },
  },
  responses: {
    200: {
      description: "The table now in force",
      content: {
        "application/json": {
          schema: z.object({
            areaCode: z.string(),
            year: z.number(),
            targets: z.record(z.string(), z.number()),
            loadedBy: z.string(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerPutTargets(app: App): void {
  app.openapi(route, async (c) => {
    const { cityCode, year } = c.req.valid("param");
    const { targets } = c.req.valid("json");
    const loadedBy = c.get("operator").id;
    await loadTargets(useCaseContext(c), { areaCode: cityCode, year, targets, loadedBy });
    return c.json({ areaCode: cityCode, year, targets, loadedBy }, 200);
  });
}
