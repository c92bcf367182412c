import { z } from "@hono/zod-openapi";
import { chinaMonth } from "@pes/core";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { LOOP, PROVIDER_LOOP, voucherLoop } from "../../use-cases/vouchers/loop.js";
import { useCaseContext } from "../context.js";
import { figures } from "./reconciliation.js";
import { LoopQuery, tags } from "./schema.js";

const Loop = z
  .object({
    period: z.string(),
    asOf: z
      .string()
      .openapi({ description: "The instant the figures stand at: the period's end, or now if sooner" }),
    policies: z.array(figures(LOOP).extend({ policyId: z.string(), policyName: z.string() })),
    providers: z.array(figures(PROVIDER_LOOP).extend({ providerId: z.string(), providerName: z.string() })),
    total: figures(LOOP).openapi({
      description:
        "The sum of the policies, and reconcile's province.atPeriodEnd for the period: issued = outstanding + redeemed + expired + revoked",
    }),
  })
  .openapi("VoucherLoop");

const route = defineRoute({
  method: "get",
  path: "/v1/voucher-loop",
  tags,
  summary: "The voucher loop (发放→领取→核销→拨付) at a month's end, per policy and provider (viewer and up)",
  description:
    "Of the vouchers issued by the end of the month, where each stood then. Policies and providers that existed by then are listed, with zeros if they have nothing.",
  access: readers,
  request: { query: LoopQuery },
  responses: {
    200: { description: "The loop's figures", content: { "application/json": { schema: Loop } } },
    ...errorResponses,
  },
});

export function registerVoucherLoop(app: App): void {
  app.openapi(route, async (c) => {
    // One now for both the default month and asOf, so they agree across a month's turn.
    const now = new Date();
    const period = c.req.valid("query").period ?? chinaMonth(now);
    return c.json(await voucherLoop(useCaseContext(c), { period, now }), 200);
  });
}
