import { PageQuery, pageFrom, pageOf, problemResponse, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { voucherRedemptions } from "../../db/tables/vouchers.js";
import { v1Errors } from "../shared.js";
import {
  presentRedemption,
  presentVoucher,
  RedemptionView,
  tags,
  VoucherParam,
  VoucherView,
} from "./schema.js";

const voucher = defineRoute({
  method: "get",
  path: "/v1/vouchers/{voucherId}",
  tags,
  summary: "A voucher as the province's hub shows it to providers: policy, amount, status, holder masked",
  description: "Check a voucher a worker presents before delivering the service it pays for.",
  access: market,
  request: { params: VoucherParam },
  responses: {
    200: { description: "The voucher", content: { "application/json": { schema: VoucherView } } },
    404: problemResponse("No such voucher"),
    503: problemResponse("The province's voucher authority is not reachable"),
    ...v1Errors,
  },
});

const list = defineRoute({
  method: "get",
  path: "/v1/voucher-redemptions",
  tags,
  summary: "The vouchers your market redeemed, newest first: your side of the reconciliation",
  access: market,
  request: { query: PageQuery },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(RedemptionView, "VoucherRedemptionPage") } },
    },
    ...v1Errors,
  },
});

export function registerReadVouchers(app: App): void {
  app.openapi(voucher, async (c) => {
    const found = await c.get("services").vouchers.voucher(c.req.valid("param").voucherId);
    return c.json(presentVoucher(found), 200);
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const keys = newestFirst(voucherRedemptions.createdAt, voucherRedemptions.id);
    const rows = await c
      .get("services")
      .db.db.select({ ...getTableColumns(voucherRedemptions), cursorAt: keys.at })
      .from(voucherRedemptions)
      .where(and(eq(voucherRedemptions.marketId, c.get("market").id), keys.after(readCursor(cursor))))
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json({ items: page.rows.map(presentRedemption), nextCursor: page.nextCursor }, 200);
  });
}
