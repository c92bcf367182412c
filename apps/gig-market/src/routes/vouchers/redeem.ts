import { z } from "@hono/zod-openapi";
import { IdempotencyHeaders, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { redeemVoucher } from "../../use-cases/vouchers/redeem.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import {
  presentRedemption,
  presentVoucher,
  RedemptionInput,
  RedemptionView,
  tags,
  VoucherView,
} from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/voucher-redemptions",
  tags,
  summary: "Redeem (核销) a worker's employment voucher for a service your market delivered",
  description:
    "The province's hub decides: the voucher must be claimed by this worker, unexpired, and your market an eligible provider of its policy. " +
    "A voucher is redeemed once: if another provider got there first the answer is 409. Retrying with the same serviceRef " +
    "(or the same Idempotency-Key) answers the first redemption again.",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: RedemptionInput } } },
  },
  responses: {
    201: {
      description: "Redeemed",
      content: {
        "application/json": { schema: z.object({ redemption: RedemptionView, voucher: VoucherView }) },
      },
    },
    403: problemResponse("Your market is not an eligible provider of this voucher's policy"),
    404: problemResponse("No such voucher, worker or placement"),
    ...postErrors,
    409: problemResponse("The voucher was already redeemed, or is not claimed, expired or revoked"),
    422: problemResponse("The voucher is not this worker's, or the placement is another worker's"),
    503: problemResponse("The province's voucher authority is not reachable; retry with the same serviceRef"),
  },
});

export function registerRedeemVoucher(app: App): void {
  app.openapi(route, async (c) => {
    const { row, voucher } = await redeemVoucher(useCaseContext(c), c.req.valid("json"));
    return c.json({ redemption: presentRedemption(row), voucher: presentVoucher(voucher) }, 201);
  });
}
