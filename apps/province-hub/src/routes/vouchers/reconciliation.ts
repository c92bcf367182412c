import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { MOVES, PROVIDER, reconcile, STANDING } from "../../use-cases/vouchers/reconcile.js";
import { useCaseContext } from "../context.js";
import { ReconciliationQuery, tags } from "./schema.js";

const Figure = z.object({ count: z.number().int(), fen: z.number().int() }).openapi("VoucherFigure");
/** An object of one Figure per name. */
export const figures = <N extends string>(names: readonly N[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, Figure])) as Record<N, typeof Figure>);

const Reconciliation = z
  .object({
    period: z.string(),
    from: z.string(),
    until: z.string(),
    providerId: z.string().optional(),
    providers: z.array(figures(PROVIDER).extend({ providerId: z.string() })),
    total: figures(PROVIDER),
    province: z.object({
      atPeriodEnd: figures(STANDING).openapi({
        description:
          "Of the vouchers issued up to the period end, where each stood then: issued = outstanding + redeemed + expired + revoked; redeemed = settled + awaitingSettlement",
      }),
      inPeriod: figures(MOVES),
    }),
  })
  .openapi("VoucherReconciliation");

const route = defineRoute({
  method: "get",
  path: "/v1/voucher-reconciliation",
  tags,
  summary: "Reconcile (对账) one month: per provider and for the province (viewer and up)",
  access: readers,
  request: { query: ReconciliationQuery },
  responses: {
    200: { description: "Figures that add up", content: { "application/json": { schema: Reconciliation } } },
    ...errorResponses,
  },
});

export function registerVoucherReconciliation(app: App): void {
  app.openapi(route, async (c) => {
    const { period, providerId } = c.req.valid("query");
    return c.json(await reconcile(useCaseContext(c), { period, providerId }), 200);
  });
}
