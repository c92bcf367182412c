import { DomainError } from "@pes/core";

/** A voucher as the hub, the single voucher authority, shows it to a redeeming provider. */
export interface HubVoucher {
  id: string;
  policyId: string;
  policyName: string;
  serviceKind: string;
  amountFen: number;
  status: string;
  expiresOn: string | null;
  holder: { nameMasked: string; idNumberMasked: string };
  redeemedAt?: string | null;
  serviceRef?: string | null;
}

export interface Redemption {
  providerId: string;
  personKey: string;
  marketId: string;
  serviceRef: string;
}

/** What the gig market asks of the hub; the hub decides, the market never keeps its own voucher state. */
export interface VoucherAuthority {
  voucher(voucherId: string): Promise<HubVoucher>;
  redeem(voucherId: string, redemption: Redemption): Promise<HubVoucher>;
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

/** The hub's problem types this client passes on to the market, by HTTP status. */
const PASSED_ON: Record<number, [DomainError["kind"], string]> = {
  403: ["forbidden", "provider-not-eligible"],
  404: ["not_found", "voucher-not-found"],
  409: ["conflict", "voucher-conflict"],
  422: ["invalid", "voucher-holder-mismatch"],
};

/**
 * The hub's voucher API over HTTP with a gateway token. A refusal by the hub (403, 404, 409, 422) is
 * passed on with the hub's own detail; anything else (the hub down, a bad token, a timeout) is 503,
 * safe to retry: the hub treats a repeated redemption by the same provider and reference as one.
 */
export function hubVoucherAuthority(opts: {
  url: string;
  token: string;
  timeoutMs?: number;
}): VoucherAuthority {
  const base = opts.url.replace(/\/+$/, "");
  async function call(method: string, path: string, body?: unknown): Promise<HubVoucher> {
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
    const answer = (await res.json().catch(() => ({}))) as {
      voucher?: HubVoucher;
      detail?: string;
    } & HubVoucher;
    if (res.ok) return answer.voucher ?? answer;
    const passed = PASSED_ON[res.status];
    if (passed)
      throw new DomainError(
        passed[0],
        passed[1],
        answer.detail ?? `The voucher authority answered ${res.status}`,
      );
    throw new DomainError(
      "unavailable",
      "voucher-authority-unavailable",
      `The province's voucher authority answered ${res.status}; retry later`,
    );
  }
  return {
    voucher: (id) => call("GET", `/v1/vouchers/${encodeURIComponent(id)}`),
    redeem: (id, redemption) => call("POST", `/v1/vouchers/${encodeURIComponent(id)}/redemption`, redemption),
  };
}
