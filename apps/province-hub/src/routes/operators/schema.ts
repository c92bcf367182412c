import { z } from "@hono/zod-openapi";
import { IdParam } from "@pes/http";
import { operatorRoles } from "../../db/tables/operators.js";

export const tags = ["Operators and tokens 运维人员"];

export const OperatorInput = z
  .object({ name: z.string().trim().min(1).max(50), role: z.enum(operatorRoles) })
  .openapi("OperatorInput");
export const OperatorView = OperatorInput.extend({ id: z.uuid(), active: z.boolean() }).openapi("Operator");

export const TokenInput = z
  .object({ label: z.string().min(1).max(100), expiresAt: z.iso.datetime({ offset: true }).optional() })
  .openapi("OperatorTokenInput");
export const IssuedToken = z.object({ token: z.string() }).openapi("IssuedOperatorToken");

export const TokenParams = IdParam.extend({
  tokenId: z.uuid().openapi({ param: { name: "tokenId", in: "path" } }),
});

/** A token as an admin sees it: never its hash. */
export const TokenView = z
  .object({
    id: z.uuid(),
    label: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .openapi("OperatorTokenSummary");
export const OperatorWithTokens = OperatorView.extend({
  createdAt: z.iso.datetime({ offset: true }),
  tokens: z.array(TokenView),
}).openapi("OperatorWithTokens");

export const OperatorPatch = z
  .object({ active: z.boolean().optional(), role: z.enum(operatorRoles).optional() })
  .refine((b) => b.active !== undefined || b.role !== undefined, {
    message: "Give at least one of active and role",
  })
  .openapi("OperatorPatch");
