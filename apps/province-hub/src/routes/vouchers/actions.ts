import { z } from "@hono/zod-openapi";
import { chinaToday, DomainError } from "@pes/core";
import { errorResponses, problemResponse } from "@pes/http";
import { HUB_VOUCHER_API } from "@pes/schemas";
import type { Context } from "hono";
import { defineRoute, roles, writers } from "../../auth/access.js";
import type { App, AppEnv } from "../../context.js";
import { claim, expireVouchers, redeem, revoke } from "../../use-cases/vouchers/lifecycle.js";
import type { VoucherRow } from "../../use-cases/vouchers/record.js";
import { viewsOf } from "../../use-cases/vouchers/view.js";
import { useCaseContext } from "../context.js";
import {
  ClaimInput,
  ExpiryRunInput,
  RedemptionInput,
  RevocationInput,
  tags,
  VoucherEnvelope,
  VoucherParam,
  VoucherView,
} from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const conflict = problemResponse(
  "voucher-conflict: the voucher's state does not allow it (voucherStatus says which); who redeemed it is not told",
);
const notFound = problemResponse("No such voucher");

const claimRoute = defineRoute({
  method: "post",
  path: "/v1/vouchers/{voucherId}/claim",
  tags,
  summary: "Claim (领取) through the social-security card channel (gateway, operator, admin)",
  description: "The ID number must be the holder's. Claiming a claimed voucher again answers it unchanged.",
  access: roles("operator", "admin", "gateway"),
  request: { params: VoucherParam, body: { required: true, content: json(ClaimInput) } },
  responses: {
    200: { description: "The voucher, claimed", content: json(VoucherView) },
    404: notFound,
    409: conflict,
    422: problemResponse("voucher-holder-mismatch: the ID number is not the holder's"),
    ...errorResponses,
  },
});

const redemption = defineRoute({
  method: "post",
  path: HUB_VOUCHER_API.redemption,
  tags,
  summary: "Redeem (核销) a claimed voucher when the service is delivered (gateway, operator, admin)",
  description:
    "Exactly once: of concurrent redemptions one succeeds. The same provider retrying with the same serviceRef gets 200 with the same voucher and `Idempotent-Replayed: true`. A gateway redeems only in the name of a provider that lists it in its `gatewayIds` (`PATCH /v1/voucher-providers/{id}`), else 403 `provider-not-served` before anything is looked at or changed; a provider added before gateways were bound has none, so its deployment's gateway must be bound explicitly. Operators and admins may redeem on any provider's behalf.",
  access: roles("operator", "admin", "gateway"),
  request: { params: VoucherParam, body: { required: true, content: json(RedemptionInput) } },
  responses: {
    200: {
      description: "Redeemed (or the identical retry of a redemption)",
      headers: z.object({ "Idempotent-Replayed": z.literal("true").optional() }),
      content: json(VoucherEnvelope),
    },
    403: problemResponse(
      "provider-not-served: the calling gateway does not speak for the provider (it is not among the provider's gatewayIds); provider-not-eligible: the provider is not among the policy's eligible providers",
    ),
    404: notFound,
    409: conflict,
    422: problemResponse("voucher-holder-mismatch: personKey is not the holder's"),
    ...errorResponses,
  },
});

const revocation = defineRoute({
  method: "post",
  path: "/v1/vouchers/{voucherId}/revocation",
  tags,
  summary: "Revoke an issued or claimed voucher, with the reason (operator, admin)",
  access: writers,
  request: { params: VoucherParam, body: { required: true, content: json(RevocationInput) } },
  responses: {
    200: { description: "The voucher, revoked", content: json(VoucherView) },
    404: notFound,
    409: conflict,
    ...errorResponses,
  },
});

const expiry = defineRoute({
  method: "post",
  path: "/v1/voucher-expiry-runs",
  tags,
  summary: "Expire every issued or claimed voucher whose last valid day is before asOf (operator, admin)",
  description: "The hub also runs this every hour. asOf defaults to today (China time) and cannot be later.",
  access: writers,
  request: { body: { required: true, content: json(ExpiryRunInput) } },
  responses: {
    200: {
      description: "How many expired",
      content: json(z.object({ asOf: z.string(), expired: z.number().int() }).openapi("VoucherExpiryRun")),
    },
    422: problemResponse("asOf is in the future"),
    ...errorResponses,
  },
});

async function viewOf(c: Context<AppEnv>, voucher: VoucherRow) {
  return (await viewsOf(useCaseContext(c), { vouchers: [voucher] }))[0]!;
}

export function registerVoucherActions(app: App): void {
  app.openapi(claimRoute, async (c) => {
    const { voucherId } = c.req.valid("param");
    const done = await claim(useCaseContext(c), { voucherId, idNumber: c.req.valid("json").idNumber });
    if (done.replayed) c.header("Idempotent-Replayed", "true");
    return c.json(await viewOf(c, done.voucher), 200);
  });
  app.openapi(redemption, async (c) => {
    const { voucherId } = c.req.valid("param");
    const done = await redeem(useCaseContext(c), { ...c.req.valid("json"), voucherId });
    if (done.replayed) c.header("Idempotent-Replayed", "true");
    return c.json({ voucher: await viewOf(c, done.voucher) }, 200);
  });
  app.openapi(revocation, async (c) => {
    const { voucherId } = c.req.valid("param");
    const done = await revoke(useCaseContext(c), { voucherId, reason: c.req.valid("json").reason });
    return c.json(await viewOf(c, done), 200);
  });
  app.openapi(expiry, async (c) => {
    const today = chinaToday();
    const asOf = c.req.valid("json").asOf ?? today;
    if (asOf > today)
      throw new DomainError("invalid", "expiry-in-future", `asOf ${asOf} is after today (${today})`, {
        errors: [{ path: "asOf", in: "body", message: "Not later than today" }],
      });
    const { expired } = await expireVouchers(useCaseContext(c), { asOf });
    return c.json({ asOf, expired }, 200);
  });
}
