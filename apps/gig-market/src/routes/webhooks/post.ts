import { DomainError } from "@pes/core";
import { IdempotencyHeaders } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { createWebhook } from "../../use-cases/webhooks/store.js";
import { vetWebhookTarget } from "../../use-cases/webhooks/url.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { presentWebhook, tags, WebhookInput, WebhookWithSecretView } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/webhooks",
  tags,
  summary: "Subscribe a URL to your market's flow-back; the signing secret is shown once",
  description:
    'Every new flow-back item is POSTed to the URL as `{ id, type, createdAt, data }`, signed as Standard Webhooks (https://www.standardwebhooks.com) specifies: `webhook-id` (the delivery id, the same on every attempt), `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>`, the key being the base64 after `whsec_` in the secret; verify with any Standard Webhooks library (e.g. `new Webhook(secret).verify(body, headers)` of the `standardwebhooks` package). After a rotation the header carries a second, space-separated signature for a while. A 2xx answer delivers it; otherwise it is retried with growing delays and finally marked failed.',
  access: market,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: WebhookInput } } },
  },
  responses: {
    201: { description: "Subscribed", content: { "application/json": { schema: WebhookWithSecretView } } },
    ...postErrors,
  },
});

export function registerPostWebhook(app: App): void {
  app.openapi(route, async (c) => {
    const { webhookTargets } = c.get("services");
    const input = c.req.valid("json");
    const vetted = await vetWebhookTarget(input.url, webhookTargets);
    const problem = vetted.ok ? undefined : vetted.problem;
    if (problem)
      throw new DomainError("invalid", "webhook-url", `The webhook URL ${problem}`, {
        errors: [{ path: "url", in: "body", message: problem }],
      });
    const { row, secret } = await createWebhook(useCaseContext(c), input);
    return c.json({ ...presentWebhook(row), secret }, 201);
  });
}
