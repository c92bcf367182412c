import type { App } from "../../context.js";
import { registerReadVouchers } from "./read.js";
import { registerRedeemVoucher } from "./redeem.js";

export function registerVouchers(app: App): void {
  registerReadVouchers(app);
  registerRedeemVoucher(app);
}
