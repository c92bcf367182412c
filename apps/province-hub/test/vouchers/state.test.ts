import type { VoucherStatus } from "@pes/schemas";
import { describe, expect, it } from "vitest";
import { transition, type VoucherAction } from "../../src/domain/vouchers/state.js";

const STATUSES: VoucherStatus[] = ["issued", "claimed", "redeemed", "settled", "expired", "revoked"];
const ACTIONS: VoucherAction[] = ["claim", "redeem", "settle", "expire", "revoke"];

/** The only legal moves: issued→claimed→redeemed→settled, and issued|claimed→expired|revoked. */
const LEGAL: Record<string, VoucherStatus> = {
  "issued claim": "claimed",
  "claimed redeem": "redeemed",
  "redeemed settle": "settled",
  "issued expire": "expired",
  "claimed expire": "expired",
  "issued revoke": "revoked",
  "claimed revoke": "revoked",
};

const all = STATUSES.flatMap((from) => ACTIONS.map((action) => [from, action] as const));

describe("the voucher state machine", () => {
  it.each(all.filter(([f, a]) => LEGAL[`${f} ${a}`]))("%s → %s is allowed", (from, action) => {
    expect(transition(from, action)).toEqual({ ok: true, to: LEGAL[`${from} ${action}`] });
  });

  it.each(all.filter(([f, a]) => !LEGAL[`${f} ${a}`]))("%s → %s is refused with a reason", (from, action) => {
    const result = transition(from, action);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^A voucher cannot be \w+: it /);
  });

  it("has 7 legal and 23 illegal moves", () => {
    expect(all.filter(([f, a]) => transition(f, a).ok)).toHaveLength(7);
  });

  it("names why: a redeemed voucher is already redeemed, an expired one expired", () => {
    expect(transition("redeemed", "redeem")).toEqual({
      ok: false,
      reason: "A voucher cannot be redeemed: it is already redeemed",
    });
    expect(transition("expired", "claim")).toMatchObject({ reason: expect.stringMatching(/expired/) });
    expect(transition("issued", "redeem")).toMatchObject({
      reason: expect.stringMatching(/not been claimed/),
    });
  });
});
