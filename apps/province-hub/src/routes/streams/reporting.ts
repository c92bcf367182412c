import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { cityReporting, LATE_AFTER_HOURS, parsePeriod } from "../../use-cases/monitoring/reporting.js";
import { useCaseContext } from "../context.js";
import { CityReporting, tags } from "./schema.js";

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/;

const route = defineRoute({
  method: "get",
  path: "/v1/streams/reporting",
  tags,
  summary: "Each city node's reporting completeness and timeliness in a period",
  description: `A city has reported when records with its source and a time in the period (China time) reached the hub; late when some arrived more than ${LATE_AFTER_HOURS} h after their time.`,
  access: readers,
  request: {
    query: z.object({
      period: z.string().regex(PERIOD, "a month 2025-10, quarter 2025-Q4, half-year 2025-H2 or year 2025"),
    }),
  },
  responses: {
    200: {
      description: "One row per city of Fujian",
      content: {
        "application/json": {
          schema: z.object({
            period: z.string(),
            from: z.string(),
            until: z.string().openapi({ description: "The day after the period, exclusive" }),
            checkedAt: z.string(),
            lateAfterHours: z.number(),
            items: z.array(CityReporting),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerReporting(app: App): void {
  app.openapi(route, async (c) => {
    const period = parsePeriod(c.req.valid("query").period)!;
    const now = new Date();
    const items = await cityReporting(useCaseContext(c), { period, now });
    return c.json(
      {
        period: period.name,
        from: period.from,
        until: period.until,
        checkedAt: now.toISOString(),
        lateAfterHours: LATE_AFTER_HOURS,
        items,
      },
      200,
    );
  });
}
