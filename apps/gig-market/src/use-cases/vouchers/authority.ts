import { DomainError } from "@pes/core";
import {
  HUB_VOUCHER_API,
  HubVoucher,
  HubVoucherRedeemed,
  type HubVoucherRedemption,
  hubVoucherPath,
} from "@pes/schemas";
import { z } from "zod";

// The hub's voucher API is the contract's (@pes/schemas, vouchers-api): the requests are sent and the
// answers parsed with its schemas, the ones the hub's routes are typed with.
export type { HubVoucher, HubVoucherRedemption };

/** What the gig market asks of the hub; the hub decides, the market never keeps its own voucher state. */
export interface VoucherAuthority {
  voucher(voucherId: string): Promise<HubVoucher>;
  redeem(voucherId: string, redemption: HubVoucherRedemption): Promise<HubVoucher>;
}

/** Without PES_HUB_URL the deployment redeems nothing and says so, rather than failing later. */
export const noVoucherAuthority: VoucherAuthority = {
  voucher: () => Promise.reject(notConfigured()),
  redeem: () => Promise.reject(notConfigured()),
};

function notConfigured() {
  return new DomainError(
    "unavailable",
    "vouchers-not-configured",
    "This deployment has no voucher authority (PES_HUB_URL is not set)",
  );
}

/** The detail of the hub's problem+json, passed on to the market. */
const Problem = z.object({ detail: z.string() });

/** The hub's problem types this client passes on to the market, by HTTP status. */
const PASSED_ON: Record<number, [DomainError["kind"], string]> = {
  403: ["forbidden", "provider-not-eligible"],
  404: ["not_found", "voucher-not-found"],
  409: ["conflict", "voucher-conflict"],
  422: ["invalid", "voucher-holder-mismatch"],
};

/**
 * The hub's voucher API over HTTP with a gateway token. A refusal by the hub (403, 404, 409, 422) is
 * passed on with the hub's own detail; anything else (the hub down, a bad token, a timeout, an answer
 * its contract does not describe) is 503, safe to retry: the hub treats a repeated redemption by the
 * same provider and reference as one.
 */
export function hubVoucherAuthority(opts: {
  url: string;
  token: string;
  timeoutMs?: number;
}): VoucherAuthority {
  const base = opts.url.replace(/\/+$/, "");
  async function call<T>(method: string, path: string, answer: z.ZodType<T>, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new DomainError(
        "unavailable",
        "voucher-authority-unavailable",
        "The province's voucher authority did not answer; retry later",
        { cause: error },
      );
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (res.ok) {
      const parsed = answer.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new DomainError(
        "unavailable",
        "voucher-authority-unavailable",
        "The province's voucher authority answered what its contract does not say; retry later",
        { cause: parsed.error },
      );
    }
    const passed = PASSED_ON[res.status];
    if (passed)
      throw new DomainError(
        passed[0],
        passed[1],
        Problem.safeParse(json).data?.detail ?? `The voucher authority answered ${res.status}`,
      );
    throw new DomainError(
      "unavailable",
      "voucher-authority-unavailable",
      `The province's voucher authority answered ${res.status}; retry later`,
    );
  }
  return {
    voucher: (id) => call("GET", hubVoucherPath(HUB_VOUCHER_API.voucher, id), HubVoucher),
    redeem: async (id, redemption) =>
      (await call("POST", hubVoucherPath(HUB_VOUCHER_API.redemption, id), HubVoucherRedeemed, redemption))
        .voucher,
  };
}
