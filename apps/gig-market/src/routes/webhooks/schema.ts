import { z } from "@hono/zod-openapi";
import { IdParam } from "@pes/http";
import { flowbackKinds } from "../../db/tables/flowback.js";
import { deliveryStatuses } from "../../db/tables/webhooks.js";
import type { AttemptRow, DeliveryRow, WebhookRow } from "../../use-cases/webhooks/store.js";
import { Instant, iso } from "../shared.js";

export const tags = ["Webhooks 回流推送"];

export const DeliveryParams = IdParam.extend({
  deliveryId: z.uuid().openapi({ param: { name: "deliveryId", in: "path" } }),
});

export const WebhookInput = z
  .object({
    url: z
      .string()
      .trim()
      .max(2000, "must be at most 2000 characters")
      .refine((u) => URL.canParse(u), "must be an absolute URL")
      .openapi({
        description:
          "https to a public internet address: never this machine, a private network or cloud metadata, by the URL or by what its host name resolves to (checked again at each attempt); no credentials in it. Outside production, plain http and non-public hosts only to those of PES_WEBHOOK_ALLOW_HOSTS",
        example: "https://gig.example.cn/pes/webhooks",
      }),
    kinds: z
      .array(z.enum(flowbackKinds))
      .min(1, "must name at least one kind, or be left out for all")
      .optional()
      .openapi({ description: "Which items to send; default all kinds" }),
  })
  .openapi("WebhookInput");

export const WebhookView = z
  .object({
    id: z.uuid(),
    url: z.string(),
    kinds: z.array(z.enum(flowbackKinds)),
    createdAt: Instant,
    secretRotatedAt: Instant.nullable(),
    previousSecretExpiresAt: Instant.nullable().openapi({
      description:
        "After a rotation: until then each delivery is signed with the replaced secret too (a second `v1,` signature)",
    }),
  })
  .openapi("Webhook");

export const WebhookWithSecretView = WebhookView.extend({
  secret: z.string().openapi({
    description:
      "The signing secret (Standard Webhooks: whsec_ and the base64 key), shown this once: keep it secret; verify each delivery's webhook-signature with it, e.g. with the standardwebhooks library",
    example: "whsec_…",
  }),
}).openapi("WebhookWithSecret");

export const DeliveryView = z
  .object({
    id: z
      .uuid()
      .openapi({ description: "Also the webhook-id header and the body's id: the same on every attempt" }),
    itemId: z.uuid(),
    type: z.enum(flowbackKinds),
    status: z.enum(deliveryStatuses),
    nextAttemptAt: Instant.nullable().openapi({ description: "While pending" }),
    deliveredAt: Instant.nullable(),
    createdAt: Instant,
    attempts: z.array(
      z.object({
        at: Instant,
        statusCode: z.number().int().nullable().openapi({ description: "Null when no answer came" }),
        durationMs: z.number().int(),
        error: z.string().nullable().openapi({ example: "HTTP 500" }),
      }),
    ),
  })
  .openapi("WebhookDelivery");

export function presentWebhook(row: WebhookRow): z.infer<typeof WebhookView> {
  return {
    id: row.id,
    url: row.url,
    kinds: row.kinds ?? [...flowbackKinds],
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: iso(row.secretRotatedAt),
    previousSecretExpiresAt: iso(row.previousSecretEnc ? row.previousSecretExpiresAt : null),
  };
}

export function presentDelivery(
  row: DeliveryRow,
  type: (typeof flowbackKinds)[number],
  attempts: AttemptRow[],
): z.infer<typeof DeliveryView> {
  return {
    id: row.id,
    itemId: row.itemId,
    type,
    status: row.status,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
    attempts: attempts.map((a) => ({
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
    })),
  };
}
