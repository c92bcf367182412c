import { z } from "@hono/zod-openapi";
import { errorResponses, pageFrom, pageOf, pageQuery, readCursor } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { accessRootOf } from "../../domain/index.js";
import { listRejections, presentRejection } from "../../use-cases/feedback/rejections.js";
import { RejectionView, tags } from "./schema.js";

const Query = z.object({
  state: z.enum(["open", "all"]).default("open").openapi({
    description: "open (the default): those no later revision has cleared; all: cleared ones too",
  }),
  ...pageQuery({ max: 200, defaultLimit: 50, cursorCheck: "handler", next: "next" }).shape,
});

const route = defineRoute({
  method: "get",
  path: "/v1/rejections",
  tags,
  summary: "Records of yours the province refused, and why, newest first",
  description:
    "One row per record: its id, the city system's sourceRecordId, its kind, the refused revision, the reason and the fields (paths with messages that never show a value). A later revision of the record, published by the node (PUT, or the same sourceRecordId with new content), clears it; if the province refuses that revision too, it opens again. Staff see the records of persons within their area; a city admin the whole node.",
  access: staff,
  request: { query: Query },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(RejectionView, "RejectionPage", "next") } },
    },
    ...errorResponses,
  },
});

export function registerListRejections(app: App): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const { db, config } = c.get("services");
    const root = accessRootOf(c.get("caller"));
    const rows = await listRejections(db.db, {
      state: q.state,
      root: root && root !== config.cityCode ? root : undefined,
      limit: q.limit,
      cursor: readCursor(q.cursor),
    });
    const page = pageFrom(rows, q.limit, ({ row, cursorAt }) => ({ at: cursorAt, id: row.recordId }));
    return c.json(
      {
        items: page.rows.map(({ row, sourceRecordId }) => presentRejection(row, sourceRecordId)),
        next: page.nextCursor,
      },
      200,
    );
  });
}
