import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { defineRoute, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { issueOne, issueRun } from "../../use-cases/vouchers/issue.js";
import { viewsOf } from "../../use-cases/vouchers/view.js";
import { useCaseContext } from "../context.js";
import { IssueInput, IssueRunInput, PolicyParam, tags, VoucherView } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const run = defineRoute({
  method: "post",
  path: "/v1/voucher-policies/{id}/issue-runs",
  tags,
  summary: "Issue by rule: a voucher to every eligible person of the key-group ledgers (operator, admin)",
  description:
    "Every person on a ledger of the policy's key groups (optionally of one city) whom the hub knows and who holds no live voucher of the policy gets one. Running it again issues nothing new.",
  access: writers,
  request: { params: PolicyParam, body: { required: true, content: json(IssueRunInput) } },
  responses: {
    200: {
      description: "How many vouchers were issued",
      content: json(z.object({ policyId: z.string(), issued: z.number().int() }).openapi("VoucherIssueRun")),
    },
    404: problemResponse("No such policy"),
    422: problemResponse("The policy does not issue today (outside its issue window)"),
    ...errorResponses,
  },
});

const one = defineRoute({
  method: "post",
  path: "/v1/vouchers",
  tags,
  summary: "Issue one voucher to a person (operator, admin)",
  description: "The person must be known to the hub and on a ledger of one of the policy's key groups.",
  access: writers,
  request: { body: { required: true, content: json(IssueInput) } },
  responses: {
    201: { description: "Issued", content: json(VoucherView) },
    404: problemResponse("No such policy or person"),
    409: problemResponse("The person already holds a live voucher of this policy"),
    422: problemResponse("The policy does not issue today, or the person is not eligible"),
    ...errorResponses,
  },
});

export function registerVoucherIssue(app: App): void {
  app.openapi(run, async (c) => {
    const { id } = c.req.valid("param");
    const { cityCode } = c.req.valid("json");
    const { issued } = await issueRun(useCaseContext(c), { policyId: id, ...(cityCode ? { cityCode } : {}) });
    return c.json({ policyId: id, issued }, 200);
  });
  app.openapi(one, async (c) => {
    const { policyId, personKey } = c.req.valid("json");
    const ctx = useCaseContext(c);
    const voucher = await issueOne(ctx, { policyId, personKey });
    const [view] = await viewsOf(ctx, { vouchers: [voucher] });
    return c.json(view!, 201);
  });
}
