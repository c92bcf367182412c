import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, problemResponse } from "@pes/http";
import { asc, eq } from "drizzle-orm";
import { defineRoute, readers, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { voucherProviders } from "../../db/tables/vouchers.js";
import { bindGateways, checkGateways, gatewaysOf } from "../../use-cases/vouchers/gateways.js";
import { providerView } from "../../use-cases/vouchers/policies.js";
import { useCaseContext } from "../context.js";
import { ProviderInput, ProviderParam, ProviderPatch, ProviderView, tags } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const invalidGateways = problemResponse(
  "voucher-provider-invalid: a gatewayIds entry is not an active gateway operator (errors name gatewayIds.<i>)",
);

const post = defineRoute({
  method: "post",
  path: "/v1/voucher-providers",
  tags,
  summary: "Add a provider that redeems vouchers and is paid (operator, admin)",
  description:
    "A gig market's provider id is its market id. The settlement account is stored encrypted and shown masked. gatewayIds names the gateway operators that may redeem in the provider's name (a gig market's deployment); without them only operators and admins can redeem for it.",
  access: writers,
  request: { body: { required: true, content: json(ProviderInput) } },
  responses: {
    201: { description: "Added", content: json(ProviderView) },
    409: problemResponse("A provider with this id exists"),
    422: invalidGateways,
    ...errorResponses,
  },
});

const list = defineRoute({
  method: "get",
  path: "/v1/voucher-providers",
  tags,
  summary: "List the providers, accounts masked",
  access: readers,
  responses: {
    200: { description: "Providers by id", content: json(z.object({ items: z.array(ProviderView) })) },
    ...errorResponses,
  },
});

const patch = defineRoute({
  method: "patch",
  path: "/v1/voucher-providers/{id}",
  tags,
  summary: "Bind the gateways that speak for a provider (operator, admin)",
  description:
    "Replaces the provider's gatewayIds with the list given ([] unbinds all). Providers added before gateways were bound have none: an existing deployment must be bound here before its gateway can redeem for the provider (else 403 provider-not-served).",
  access: writers,
  request: { params: ProviderParam, body: { required: true, content: json(ProviderPatch) } },
  responses: {
    200: { description: "The provider as changed", content: json(ProviderView) },
    404: problemResponse("No such provider"),
    422: invalidGateways,
    ...errorResponses,
  },
});

export function registerVoucherProviders(app: App): void {
  app.openapi(post, async (c) => {
    const { settlementAccount, gatewayIds: given = [], ...input } = c.req.valid("json");
    const gatewayIds = given.map((g) => g.toLowerCase()); // as PostgreSQL shows a uuid
    const ctx = useCaseContext(c);
    const { db, cipher } = ctx;
    await checkGateways(ctx, { gatewayIds });
    const row = await db.transaction(async (tx) => {
      const [added] = await tx
        .insert(voucherProviders)
        .values({ ...input, accountEnc: cipher.encrypt(JSON.stringify(settlementAccount)) })
        .onConflictDoNothing()
        .returning();
      if (added) await bindGateways({ db: tx }, { providerId: added.id, gatewayIds });
      return added;
    });
    if (!row) throw new DomainError("conflict", "voucher-provider-exists", `Provider ${input.id} exists`);
    return c.json(providerView(row, cipher, [...gatewayIds].sort()), 201);
  });
  app.openapi(list, async (c) => {
    const ctx = useCaseContext(c);
    const { db, cipher } = ctx;
    const rows = await db.select().from(voucherProviders).orderBy(asc(voucherProviders.id));
    const gateways = await gatewaysOf(ctx);
    return c.json({ items: rows.map((r) => providerView(r, cipher, gateways.get(r.id))) }, 200);
  });
  app.openapi(patch, async (c) => {
    const { id } = c.req.valid("param");
    const gatewayIds = c.req.valid("json").gatewayIds.map((g) => g.toLowerCase());
    const { db, cipher } = useCaseContext(c);
    const row = await db.transaction(async (tx) => {
      // The provider row locked: concurrent rebindings apply one after the other, never merged.
      const [found] = await tx
        .select()
        .from(voucherProviders)
        .where(eq(voucherProviders.id, id))
        .for("update");
      if (!found) throw new DomainError("not_found", "voucher-provider-not-found", `No provider ${id}`);
      await checkGateways({ db: tx }, { gatewayIds });
      await bindGateways({ db: tx }, { providerId: id, gatewayIds });
      return found;
    });
    return c.json(providerView(row, cipher, [...gatewayIds].sort()), 200);
  });
}
