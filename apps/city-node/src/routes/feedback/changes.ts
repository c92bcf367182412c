import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { accessRootOf, canSeeClearPersonalData } from "../../domain/index.js";
import { decodeChangeCursor, readChanges } from "../../use-cases/feedback/changes.js";
import { ChangesPage, ChangesQuery, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/changes",
  tags,
  summary:
    "What the province sent back and the node applied, oldest first: for the city's own system to pull",
  description:
    "Every flow-back record the node applied, once, in the order it applied them: closures of registrations, persons who need a service, vouchers, rejections of your records. Keep `nextCursor` and pass it as `cursor` to resume exactly where you stopped, across restarts of the node; an empty page keeps the cursor you gave. Personal data is masked. Staff see the items about persons within their area; a city admin the whole node.",
  access: staff,
  request: { query: ChangesQuery },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: ChangesPage } } },
    ...errorResponses,
  },
});

export function registerListChanges(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor, kind } = c.req.valid("query");
    const { db, vault, config } = c.get("services");
    const caller = c.get("caller");
    const root = accessRootOf(caller);
    const page = await readChanges(db.db, vault, {
      after: cursor === undefined ? 0 : (decodeChangeCursor(cursor) ?? 0),
      limit,
      kind,
      root: root && root !== config.cityCode ? root : undefined,
      // A feed is a list: masked for every role (domain/jurisdiction.ts).
      clear: canSeeClearPersonalData(caller.role, "list"),
    });
    return c.json(page, 200);
  });
}
