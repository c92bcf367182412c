import { createRoute, z } from "@hono/zod-openapi";
import { DomainError, errorResponses, problemResponse } from "@pes/http";
import { asc } from "drizzle-orm";
import type { App } from "../../app.js";
import { voucherProviders } from "../../db/tables/vouchers.js";
import { providerView } from "../../vouchers/policies.js";
import { voucherContext } from "./context.js";
import { bearer, ProviderInput, ProviderView, tags } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const post = createRoute({
  method: "post",
  path: "/v1/voucher-providers",
  tags,
  summary: "Add a provider that redeems vouchers and is paid (operator, admin)",
  description:
    "A gig market's provider id is its market id. The settlement account is stored encrypted and shown masked.",
  security: bearer,
  request: { body: { required: true, content: json(ProviderInput) } },
  responses: {
    201: { description: "Added", content: json(ProviderView) },
    409: problemResponse("A provider with this id exists"),
    ...errorResponses,
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/voucher-providers",
  tags,
  summary: "List the providers, accounts masked",
  security: bearer,
  responses: {
    200: { description: "Providers by id", content: json(z.object({ items: z.array(ProviderView) })) },
    ...errorResponses,
  },
});

export function registerVoucherProviders(app: App): void {
  app.openapi(post, async (c) => {
    const { settlementAccount, ...input } = c.req.valid("json");
    const { db, cipher } = voucherContext(c);
    const [row] = await db
      .insert(voucherProviders)
      .values({ ...input, accountEnc: cipher.encrypt(JSON.stringify(settlementAccount)) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new DomainError("conflict", "voucher-provider-exists", `Provider ${input.id} exists`);
    return c.json(providerView(row, cipher), 201);
  });
  app.openapi(list, async (c) => {
    const { db, cipher } = voucherContext(c);
    const rows = await db.select().from(voucherProviders).orderBy(asc(voucherProviders.id));
    return c.json({ items: rows.map((r) => providerView(r, cipher)) }, 200);
  });
}
