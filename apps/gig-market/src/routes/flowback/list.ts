import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { readFeed } from "../../use-cases/flowback/feed.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { FeedPage, FeedQuery, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/flowback",
  tags,
  summary: "Your market's flow-back (数据回流), oldest first: persons who need work and vouchers, masked",
  description:
    "A feed in the order received. Keep `nextCursor` and pass it as `cursor` to resume exactly where you stopped; an empty page keeps the cursor you gave. A newer revision of a notice comes again as a new item.",
  access: market,
  request: { query: FeedQuery },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: FeedPage } } },
    ...v1Errors,
  },
});

export function registerListFlowback(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor, kind } = c.req.valid("query");
    const page = await readFeed(useCaseContext(c), { limit, cursor, kind });
    return c.json(page, 200);
  });
}
