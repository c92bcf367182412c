import { z } from "@hono/zod-openapi";
import { errorResponses, pageFrom, pageOf, problemResponse, readCursor } from "@pes/http";
import { HUB_VOUCHER_API } from "@pes/schemas";
import { newestFirst } from "@pes/sync";
import { and, asc, eq, getTableColumns } from "drizzle-orm";
import { defineRoute, readers, roles } from "../../auth/access.js";
import type { App } from "../../context.js";
import { vouchers, voucherTrail } from "../../db/tables/vouchers.js";
import { voucherById } from "../../use-cases/vouchers/lifecycle.js";
import { viewsOf } from "../../use-cases/vouchers/view.js";
import { useCaseContext } from "../context.js";
import { ListQuery, TrailEntry, tags, VoucherParam, VoucherView } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const list = defineRoute({
  method: "get",
  path: "/v1/vouchers",
  tags,
  summary: "List vouchers, newest first, by status, policy or person (viewer and up)",
  access: readers,
  request: { query: ListQuery },
  responses: {
    200: {
      description: "A page of vouchers, holders masked",
      content: json(pageOf(VoucherView, "VoucherPage")),
    },
    ...errorResponses,
  },
});

const get = defineRoute({
  method: "get",
  path: HUB_VOUCHER_API.voucher,
  tags,
  summary: "One voucher (gateway, viewer and up); a gateway is not told who redeemed it",
  access: roles("viewer", "operator", "admin", "gateway"),
  request: { params: VoucherParam },
  responses: {
    200: { description: "The voucher, holder masked", content: json(VoucherView) },
    404: problemResponse("No such voucher"),
    ...errorResponses,
  },
});

const trail = defineRoute({
  method: "get",
  path: "/v1/vouchers/{voucherId}/trail",
  tags,
  summary: "Every state change of a voucher, who made it and when (viewer and up)",
  access: readers,
  request: { params: VoucherParam },
  responses: {
    200: {
      description: "The trail, first step first",
      content: json(z.object({ voucherId: z.string(), items: z.array(TrailEntry) })),
    },
    404: problemResponse("No such voucher"),
    ...errorResponses,
  },
});

export function registerVoucherReads(app: App): void {
  app.openapi(list, async (c) => {
    const q = c.req.valid("query");
    const ctx = useCaseContext(c);
    const { db } = ctx;
    // A malformed cursor is a 422 invalid-cursor here, as it has been; the gig market's lists check it
    // with their query (CursorQuery, 400).
    const after = readCursor(q.cursor);
    const keys = newestFirst(vouchers.issuedAt, vouchers.id);
    const rows = await db
      .select({ ...getTableColumns(vouchers), cursorAt: keys.at })
      .from(vouchers)
      .where(
        and(
          q.status ? eq(vouchers.status, q.status) : undefined,
          q.policyId ? eq(vouchers.policyId, q.policyId) : undefined,
          q.personKey ? eq(vouchers.personKey, q.personKey) : undefined,
          keys.after(after),
        ),
      )
      .orderBy(...keys.orderBy)
      .limit(q.limit + 1);
    const page = pageFrom(rows, q.limit);
    return c.json({ items: await viewsOf(ctx, { vouchers: page.rows }), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(get, async (c) => {
    const ctx = useCaseContext(c);
    const voucher = await voucherById(ctx, { id: c.req.valid("param").voucherId });
    // A gateway does not learn which provider redeemed a voucher.
    const [view] = await viewsOf(ctx, { vouchers: [voucher], hideRedeemer: ctx.gatewayId !== undefined });
    return c.json(view!, 200);
  });
  app.openapi(trail, async (c) => {
    const { voucherId } = c.req.valid("param");
    const ctx = useCaseContext(c);
    const { db } = ctx;
    await voucherById(ctx, { id: voucherId });
    const rows = await db
      .select()
      .from(voucherTrail)
      .where(eq(voucherTrail.voucherId, voucherId))
      .orderBy(asc(voucherTrail.step));
    const items = rows.map((r) => ({
      step: r.step,
      status: r.status,
      at: r.at.toISOString(),
      actor: r.actor,
      details: r.details,
    }));
    return c.json({ voucherId, items }, 200);
  });
}
