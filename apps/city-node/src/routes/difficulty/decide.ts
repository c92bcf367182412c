import { errorResponses, IdempotencyHeaders, IdParam } from "@pes/http";
import { defineRoute, roles } from "../../auth/access.js";
import type { App } from "../../context.js";
import type { DifficultyDecision } from "../../domain/index.js";
import { decideDifficulty } from "../../use-cases/ledgers/difficulty.js";
import { useCaseContext } from "../context.js";
import { presentForCase, refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { todayOf } from "../shared.js";
import { loadRecognitionForUpdate } from "./load.js";
import { DecideBody, DifficultyView, presentRecognition } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/difficulty-recognitions/{id}/decide",
  tags: ["Employment difficulty 就业困难人员认定"],
  summary: "Recognise or refuse an application (认定 / 不予认定; supervisors)",
  description:
    "A supervisor of the person's district decides; a refusal needs its reason. A decided application cannot " +
    "be decided again (409). A recognised person enters the employment-difficulty ledger for the validity period.",
  // Four eyes: a clerk takes the application, a supervisor of the person's district decides it.
  access: roles("supervisor"),
  request: {
    params: IdParam,
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: DecideBody } } },
  },
  responses: {
    200: { description: "Decided", content: { "application/json": { schema: DifficultyView } } },
    ...errorResponses,
  },
});

export function registerDecideDifficulty(app: App): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const on = body.decidedOn ?? todayOf(c);
    const decision: DifficultyDecision =
      body.decision === "refuse"
        ? { type: "refuse", on, reason: body.reason ?? "" }
        : { type: "recognise", on, ...(body.validUntil ? { validUntil: body.validUntil } : {}) };
    const { db } = c.get("services");
    const { id } = c.req.valid("param");
    const { row, person } = await refusalsAudited(c, "difficulty-recognition", { entityId: id }, () =>
      withRules(() =>
        db.db.transaction(async (tx) => {
          const found = await loadRecognitionForUpdate(tx, id, c.get("caller"));
          return {
            row: await decideDifficulty(useCaseContext(c, tx), {
              recognition: found.row,
              person: found.person,
              decision,
            }),
            person: found.person,
          };
        }),
      ),
    );
    return c.json(presentRecognition(row, presentForCase(c, person)), 200);
  });
}
