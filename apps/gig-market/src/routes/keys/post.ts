import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../app.js";
import { issueKey } from "../../auth/keys.js";
import { IdempotencyHeaders } from "../../http/idempotency.js";
import { bearer, postErrors } from "../shared.js";
import { IssuedKeyView, KeyInput, tags } from "./schema.js";

const route = createRoute({
  method: "post",
  path: "/v1/keys",
  tags,
  summary: "Issue another API key (rotation); the key is shown once",
  description:
    "To rotate: issue a new key, move your systems to it, then revoke the old one with DELETE /v1/keys/{id}.",
  security: bearer,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: KeyInput } } },
  },
  responses: {
    201: { description: "Issued", content: { "application/json": { schema: IssuedKeyView } } },
    ...postErrors,
  },
});

export function registerPostKey(app: App): void {
  app.openapi(route, async (c) => {
    const { label } = c.req.valid("json");
    const issued = await issueKey(c.get("services").db.db, c.get("market").id, label);
    return c.json({ ...issued, createdAt: issued.createdAt.toISOString() }, 201);
  });
}
