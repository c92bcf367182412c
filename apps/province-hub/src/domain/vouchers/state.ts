import type { VoucherStatus } from "@pes/schemas";

/** What is done to a voucher; each action leads to exactly one status. */
export type VoucherAction = "claim" | "redeem" | "settle" | "expire" | "revoke";

const TARGET: Record<VoucherAction, VoucherStatus> = {
  claim: "claimed",
  redeem: "redeemed",
  settle: "settled",
  expire: "expired",
  revoke: "revoked",
};

/** The loop issue → claim → redeem (核销) → settle (拨付), and the two ways out while it is usable. */
const ALLOWED: Record<VoucherAction, readonly VoucherStatus[]> = {
  claim: ["issued"],
  redeem: ["claimed"],
  settle: ["redeemed"],
  expire: ["issued", "claimed"],
  revoke: ["issued", "claimed"],
};

const WHY: Record<VoucherStatus, string> = {
  issued: "it has not been claimed yet",
  claimed: "it is claimed but not redeemed",
  redeemed: "it is already redeemed",
  settled: "it is already settled (paid)",
  expired: "it has expired",
  revoked: "it has been revoked",
};

export type Transition = { ok: true; to: VoucherStatus } | { ok: false; reason: string };

/** Whether `action` may be done to a voucher in `from`; pure, the one place the loop is decided. */
export function transition(from: VoucherStatus, action: VoucherAction): Transition {
  if (ALLOWED[action].includes(from)) return { ok: true, to: TARGET[action] };
  return { ok: false, reason: `A voucher cannot be ${pastTense(action)}: ${WHY[from]}` };
}

/** The statuses an action may start from, for the conditional UPDATEs of the store. */
export const allowedFrom = (action: VoucherAction): readonly VoucherStatus[] => ALLOWED[action];

/** Usable by its holder: a market or school may still see it and redeem it once claimed. */
export const isUsable = (status: VoucherStatus) => status === "issued" || status === "claimed";

function pastTense(action: VoucherAction): string {
  return { claim: "claimed", redeem: "redeemed", settle: "settled", expire: "expired", revoke: "revoked" }[
    action
  ];
}
