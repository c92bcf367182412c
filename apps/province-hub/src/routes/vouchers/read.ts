import { createRoute, z } from "@hono/zod-openapi";
import { DomainError, errorResponses, problemResponse } from "@pes/http";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { App } from "../../app.js";
import { vouchers, voucherTrail } from "../../db/tables/vouchers.js";
import { voucherById } from "../../vouchers/lifecycle.js";
import { viewsOf } from "../../vouchers/view.js";
import { voucherContext } from "./context.js";
import { bearer, ListQuery, TrailEntry, tags, VoucherParam, VoucherView } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const list = createRoute({
  method: "get",
  path: "/v1/vouchers",
  tags,
  summary: "List vouchers, newest first, by status, policy or person (viewer and up)",
  security: bearer,
  request: { query: ListQuery },
  responses: {
    200: {
      description: "A page of vouchers, holders masked",
      content: json(
        z.object({ items: z.array(VoucherView), nextCursor: z.string().nullable() }).openapi("VoucherPage"),
      ),
    },
    ...errorResponses,
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/vouchers/{voucherId}",
  tags,
  summary: "One voucher (gateway, viewer and up); a gateway is not told who redeemed it",
  security: bearer,
  request: { params: VoucherParam },
  responses: {
    200: { description: "The voucher, holder masked", content: json(VoucherView) },
    404: problemResponse("No such voucher"),
    ...errorResponses,
  },
});

const trail = createRoute({
  method: "get",
  path: "/v1/vouchers/{voucherId}/trail",
  tags,
  summary: "Every state change of a voucher, who made it and when (viewer and up)",
  security: bearer,
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

/** The cursor is the last row's (issued at, id), opaque to the client. */
const encode = (v: { issuedAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([v.issuedAt.toISOString(), v.id])).toString("base64url");
function decode(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    if (Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error("bad cursor");
    return [at, id];
  } catch {
    throw new DomainError("invalid", "invalid-cursor", "The cursor is not one this list gave", {
      errors: [{ path: "cursor", in: "query", message: "Use nextCursor of the previous page" }],
    });
  }
}

export function registerVoucherReads(app: App): void {
  app.openapi(list, async (c) => {
    const q = c.req.valid("query");
    const { db, cipher } = voucherContext(c);
    const after = q.cursor ? decode(q.cursor) : undefined;
    const rows = await db
      .select()
      .from(vouchers)
      .where(
        and(
          q.status ? eq(vouchers.status, q.status) : undefined,
          q.policyId ? eq(vouchers.policyId, q.policyId) : undefined,
          q.personKey ? eq(vouchers.personKey, q.personKey) : undefined,
          after
            ? sql`(${vouchers.issuedAt}, ${vouchers.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(vouchers.issuedAt), desc(vouchers.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const nextCursor = rows.length > q.limit ? encode(page.at(-1)!) : null;
    return c.json({ items: await viewsOf(db, cipher, page), nextCursor }, 200);
  });
  app.openapi(get, async (c) => {
    const { db, cipher, isGateway } = voucherContext(c);
    const voucher = await voucherById(db, c.req.valid("param").voucherId);
    const [view] = await viewsOf(db, cipher, [voucher], { hideRedeemer: isGateway });
    return c.json(view!, 200);
  });
  app.openapi(trail, async (c) => {
    const { voucherId } = c.req.valid("param");
    const { db } = voucherContext(c);
    await voucherById(db, voucherId);
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
