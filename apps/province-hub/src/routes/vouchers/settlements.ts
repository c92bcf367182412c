import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { defineRoute, readers, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import {
  listSettlements,
  type SettlementRow,
  settle,
  settlementById,
} from "../../use-cases/vouchers/settle.js";
import { useCaseContext } from "../context.js";
import { SettlementInput, SettlementParam, SettlementView, tags } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const view = ({ file: _file, createdAt, ...s }: SettlementRow) => ({
  ...s,
  createdAt: createdAt.toISOString(),
});

const post = defineRoute({
  method: "post",
  path: "/v1/voucher-settlements",
  tags,
  summary: "Settle (拨付) a provider's redeemed vouchers through a date in one batch (operator, admin)",
  description:
    "Every voucher the provider redeemed up to the end of `through` (China time) and not yet settled is marked settled under one payment reference; the settlement file (CSV) and its SHA-256 are kept.",
  access: writers,
  request: { body: { required: true, content: json(SettlementInput) } },
  responses: {
    201: { description: "The settlement", content: json(SettlementView) },
    404: problemResponse("No such provider"),
    422: problemResponse("voucher-settlement-empty: nothing to settle for the provider through that date"),
    ...errorResponses,
  },
});

const list = defineRoute({
  method: "get",
  path: "/v1/voucher-settlements",
  tags,
  summary: "List settlements, oldest first (viewer and up)",
  access: readers,
  request: { query: z.object({ providerId: z.string().max(64).optional() }) },
  responses: {
    200: { description: "Settlements", content: json(z.object({ items: z.array(SettlementView) })) },
    ...errorResponses,
  },
});

const get = defineRoute({
  method: "get",
  path: "/v1/voucher-settlements/{id}",
  tags,
  summary: "One settlement (viewer and up)",
  access: readers,
  request: { params: SettlementParam },
  responses: {
    200: { description: "The settlement", content: json(SettlementView) },
    404: problemResponse("No such settlement"),
    ...errorResponses,
  },
});

const file = defineRoute({
  method: "get",
  path: "/v1/voucher-settlements/{id}/file",
  tags,
  summary: "The settlement file the payment is made from (CSV, holders masked; viewer and up)",
  access: readers,
  request: { params: SettlementParam },
  responses: {
    200: {
      description:
        "voucher_id, policy_id, policy_name, amount_fen, redeemed_at, service_ref, holder_masked; then the total",
      content: { "text/csv": { schema: z.string() } },
    },
    404: problemResponse("No such settlement"),
    ...errorResponses,
  },
});

export function registerVoucherSettlements(app: App): void {
  app.openapi(post, async (c) => {
    const { providerId, through } = c.req.valid("json");
    return c.json(view(await settle(useCaseContext(c), { providerId, through })), 201);
  });
  app.openapi(list, async (c) => {
    const rows = await listSettlements(useCaseContext(c), { providerId: c.req.valid("query").providerId });
    return c.json({ items: rows.map(view) }, 200);
  });
  app.openapi(get, async (c) =>
    c.json(view(await settlementById(useCaseContext(c), { id: c.req.valid("param").id })), 200),
  );
  app.openapi(file, async (c) => {
    const s = await settlementById(useCaseContext(c), { id: c.req.valid("param").id });
    return c.body(s.file, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="voucher-settlement-${s.paymentRef}.csv"`,
      "X-Content-SHA256": s.fileSha256,
    });
  });
}
