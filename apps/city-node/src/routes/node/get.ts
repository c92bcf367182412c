import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { readNodeInfo } from "../../db/node-info.js";

export const NodeSchema = z
  .object({
    cityCode: z.string().openapi({ example: "350200" }),
    cityName: z.string().openapi({ example: "厦门" }),
    firstStartedAt: z.iso.datetime({ offset: true }),
    lastStartedAt: z.iso.datetime({ offset: true }),
  })
  .openapi("Node");
export type Node = z.infer<typeof NodeSchema>;

const route = defineRoute({
  method: "get",
  path: "/v1/node",
  access: staff,
  tags: ["Node"],
  summary: "Which city this node serves, and since when",
  responses: {
    200: { description: "This node", content: { "application/json": { schema: NodeSchema } } },
    ...errorResponses,
  },
});

export function registerGetNode(app: App): void {
  app.openapi(route, async (c) => {
    const { config, db } = c.get("services");
    const info = await readNodeInfo(db.db);
    if (!info) throw new Error("node_info is empty: the database was not claimed at start-up");
    return c.json(
      {
        cityCode: info.cityCode,
        cityName: config.cityName,
        firstStartedAt: info.firstStartedAt.toISOString(),
        lastStartedAt: info.lastStartedAt.toISOString(),
      },
      200,
    );
  });
}
