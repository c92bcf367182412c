import { IdempotencyHeaders, IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { rotateSecret } from "../../use-cases/webhooks/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { presentWebhook, tags, WebhookWithSecretView } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/webhooks/{id}/secret",
  tags,
  summary: "Rotate the signing secret; the new one is shown once, the old one still signs for a window",
  description:
    "Deliveries are signed with the new secret at once and, until `previousSecretExpiresAt` (PES_WEBHOOK_SECRET_OVERLAP_SECONDS, default 24 h), with the old one too: `webhook-signature` then carries two space-separated `v1,` signatures, so a receiver verifying with either secret accepts every delivery while it switches. A subscription made before Standard Webhooks stops receiving the `pes-webhook-*` headers.",
  access: market,
  request: { params: IdParam, headers: IdempotencyHeaders },
  responses: {
    200: {
      description: "The new secret",
      content: { "application/json": { schema: WebhookWithSecretView } },
    },
    404: problemResponse("Your market has no such webhook"),
    ...postErrors,
  },
});

export function registerRotateWebhookSecret(app: App): void {
  app.openapi(route, async (c) => {
    const { row, secret } = await rotateSecret(useCaseContext(c), {
      id: c.req.valid("param").id,
      overlapSeconds: c.get("services").webhookSecretOverlapSeconds,
    });
    return c.json({ ...presentWebhook(row), secret }, 200);
  });
}
