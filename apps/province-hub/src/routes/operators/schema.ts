import { z } from "@hono/zod-openapi";
import { operatorRoles } from "../../db/tables/operators.js";

export const tags = ["Operators and tokens 运维人员"];
export const bearer = [{ bearerAuth: [] }];

export const OperatorInput = z
  .object({ name: z.string().trim().min(1).max(50), role: z.enum(operatorRoles) })
  .openapi("OperatorInput");
export const OperatorView = OperatorInput.extend({ id: z.uuid(), active: z.boolean() }).openapi("Operator");

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

export const TokenInput = z
  .object({ label: z.string().min(1).max(100), expiresAt: z.iso.datetime({ offset: true }).optional() })
  .openapi("OperatorTokenInput");
export const IssuedToken = z.object({ token: z.string() }).openapi("IssuedOperatorToken");
