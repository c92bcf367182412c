import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, problemResponse } from "@pes/http";
import { asc, eq, sql } from "drizzle-orm";
import { defineRoute, readers, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { voucherPolicies } from "../../db/tables/vouchers.js";
import { checkPolicy, type PolicyRow, policyById } from "../../use-cases/vouchers/policies.js";
import { useCaseContext } from "../context.js";
import { PolicyInput, PolicyParam, PolicyPatch, PolicyView, tags } from "./schema.js";

const view = (p: PolicyRow) => ({
  ...p,
  serviceKind: p.serviceKind as z.infer<typeof PolicyView>["serviceKind"],
  eligibleGroups: p.eligibleGroups as z.infer<typeof PolicyView>["eligibleGroups"],
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const invalid = problemResponse("The policy breaks a rule: the annex standard, or an unknown provider");

const post = defineRoute({
  method: "post",
  path: "/v1/voucher-policies",
  tags,
  summary: "Add a voucher policy (operator, admin)",
  description: "The amount must lie within annex 1's per-person standard for the service kind.",
  access: writers,
  request: { body: { required: true, content: json(PolicyInput) } },
  responses: {
    201: { description: "Added", content: json(PolicyView) },
    409: problemResponse("A policy with this id exists"),
    422: invalid,
    ...errorResponses,
  },
});

const list = defineRoute({
  method: "get",
  path: "/v1/voucher-policies",
  tags,
  summary: "List the voucher policies",
  access: readers,
  responses: {
    200: { description: "Policies by id", content: json(z.object({ items: z.array(PolicyView) })) },
    ...errorResponses,
  },
});

const get = defineRoute({
  method: "get",
  path: "/v1/voucher-policies/{id}",
  tags,
  summary: "One voucher policy",
  access: readers,
  request: { params: PolicyParam },
  responses: {
    200: { description: "The policy", content: json(PolicyView) },
    404: problemResponse("No such policy"),
    ...errorResponses,
  },
});

const patch = defineRoute({
  method: "patch",
  path: "/v1/voucher-policies/{id}",
  tags,
  summary: "Change a voucher policy (operator, admin); vouchers already issued keep their amount",
  access: writers,
  request: { params: PolicyParam, body: { required: true, content: json(PolicyPatch) } },
  responses: {
    200: { description: "The policy as changed", content: json(PolicyView) },
    404: problemResponse("No such policy"),
    422: invalid,
    ...errorResponses,
  },
});

export function registerVoucherPolicies(app: App): void {
  app.openapi(post, async (c) => {
    const input = c.req.valid("json");
    const ctx = useCaseContext(c);
    const { db } = ctx;
    await checkPolicy(ctx, input);
    const [row] = await db.insert(voucherPolicies).values(input).onConflictDoNothing().returning();
    if (!row) throw new DomainError("conflict", "voucher-policy-exists", `Policy ${input.id} exists`);
    return c.json(view(row), 201);
  });
  app.openapi(list, async (c) => {
    const rows = await useCaseContext(c).db.select().from(voucherPolicies).orderBy(asc(voucherPolicies.id));
    return c.json({ items: rows.map(view) }, 200);
  });
  app.openapi(get, async (c) =>
    c.json(view(await policyById(useCaseContext(c), { id: c.req.valid("param").id })), 200),
  );
  app.openapi(patch, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const ctx = useCaseContext(c);
    const { db } = ctx;
    const merged = { ...(await policyById(ctx, { id })), ...changes };
    if (merged.issueUntil < merged.issueFrom)
      throw new DomainError("invalid", "voucher-policy-invalid", "issueUntil is before issueFrom", {
        errors: [{ path: "issueUntil", in: "body", message: "issueUntil is before issueFrom" }],
      });
    await checkPolicy(ctx, merged);
    const [row] = await db
      .update(voucherPolicies)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(voucherPolicies.id, id))
      .returning();
    return c.json(view(row!), 200);
  });
}
