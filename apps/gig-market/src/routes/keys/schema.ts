import { z } from "@hono/zod-openapi";
import { Instant } from "../shared.js";

export const tags = ["API keys 接口密钥"];

export const KeyInput = z
  .object({
    label: z.string().trim().min(1, "must not be empty").max(100).openapi({ example: "dispatch system" }),
  })
  .openapi("ApiKeyInput");

/** A key as its market sees it: never the key itself or its hash. */
export const KeyView = z
  .object({
    id: z.uuid(),
    label: z.string(),
    prefix: z
      .string()
      .openapi({ description: "The key's first characters, to recognise it", example: "pes_gm_Q3xk9a" }),
    createdAt: Instant,
    lastUsedAt: Instant.nullable().openapi({ description: "To the minute" }),
    revokedAt: Instant.nullable(),
    current: z.boolean().openapi({ description: "true for the key this request was made with" }),
  })
  .openapi("ApiKey");

export const IssuedKeyView = z
  .object({
    id: z.uuid(),
    label: z.string(),
    prefix: z.string(),
    createdAt: Instant,
    key: z
      .string()
      .openapi({ description: "The API key, shown this once: keep it secret", example: "pes_gm_…" }),
  })
  .openapi("IssuedApiKey");
