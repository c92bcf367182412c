import { IdempotencyHeaders } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import { issueKeyWithin } from "../../auth/keys.js";
import type { App } from "../../context.js";
import { postErrors } from "../shared.js";
import { IssuedKeyView, KeyInput, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/keys",
  tags,
  summary: "Issue another API key (rotation); the key is shown once",
  description:
    "To rotate: issue a new key, move your systems to it, then revoke the old one with DELETE /v1/keys/{id}. A market holds at most `PES_MAX_API_KEYS_PER_MARKET` (default 10) active keys: beyond that, 409.",
  access: market,
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
    const { db, maxKeysPerMarket } = c.get("services");
    const issued = await issueKeyWithin(db.db, c.get("market").id, label, maxKeysPerMarket);
    return c.json({ ...issued, createdAt: issued.createdAt.toISOString() }, 201);
  });
}
