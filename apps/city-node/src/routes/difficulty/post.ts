import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { DomainRuleError } from "../../domain/index.js";
import { applyForDifficulty } from "../../use-cases/ledgers/difficulty.js";
import { atTheDesk, presentForCase } from "../person-desk.js";
import { todayOf } from "../shared.js";
import { ApplyBody, DifficultyView, presentRecognition } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/difficulty-recognitions",
  tags: ["Employment difficulty 就业困难人员认定"],
  summary: "Apply for recognition as an employment-difficulty person (就业困难人员认定申请)",
  description:
    "Only a registered unemployed person may apply (their unemployment registration must be registered, not " +
    "merely applied for): 422 otherwise. One application at a time, and none while a recognition holds (409).",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: ApplyBody } } } },
  responses: {
    201: { description: "Applied", content: { "application/json": { schema: DifficultyView } } },
    ...errorResponses,
  },
});

export function registerPostDifficulty(app: App): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const servicePointId = body.servicePointId ?? c.get("caller").servicePointId;
    const { row, person } = await atTheDesk(
      c,
      body.person,
      { entity: "difficulty-recognition" },
      async ({ ctx, person, districtCode }) => {
        if (!servicePointId) {
          throw new DomainRuleError(
            "service-point-missing",
            "Name the service point taking the application",
            {
              field: "servicePointId",
            },
          );
        }
        const input = {
          categories: body.categories,
          appliedOn: body.appliedOn ?? todayOf(c),
          servicePointId,
        };
        return { row: await applyForDifficulty(ctx, { person, record: input, districtCode }) };
      },
    );
    return c.json(presentRecognition(row, presentForCase(c, person)), 201);
  });
}
