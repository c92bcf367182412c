import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { TrainingRecord } from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { recordTraining } from "../../use-cases/ledgers/services.js";
import { atTheDesk, presentForCase } from "../person-desk.js";
import { deskFieldsOf, PersonInput, PersonView, RECORD_FILLED } from "../shared.js";

const Body = z
  .object({
    person: PersonInput,
    ...deskFieldsOf(TrainingRecord.shape, RECORD_FILLED),
  })
  .openapi("TrainingRecordInput");

const TrainingView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    course: z.string(),
    stage: z.enum(["enrolled", "completed", "dropped-out"]),
    enrolledOn: z.string(),
    completedOn: z.string().nullable(),
    subsidised: z.boolean(),
    certificate: z.boolean().openapi({ description: "Whether a certificate was obtained" }),
    person: PersonView,
  })
  .openapi("TrainingRecord");

const route = defineRoute({
  method: "post",
  path: "/v1/training-records",
  tags: ["Services 服务记录"],
  summary: "Record a training: enrolment or completion, subsidy, certificate (培训记录)",
  description:
    "A subsidy is paid once the training is completed and passed (合格后); a certificate needs a pass and is " +
    "issued on or after completion; a voucher pays a subsidised training. Each broken rule is a 422 with its field.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Recorded", content: { "application/json": { schema: TrainingView } } },
    ...errorResponses,
  },
});

export function registerPostTrainingRecord(app: App): void {
  app.openapi(route, async (c) => {
    const { person: personInput, ...input } = c.req.valid("json");
    const { row, person } = await atTheDesk(
      c,
      personInput,
      { entity: "training-record" },
      async ({ ctx, person, districtCode }) => ({
        row: await recordTraining(ctx, { person, record: input, districtCode }),
      }),
    );
    const d = row.data as { course: string; certificate?: unknown };
    return c.json(
      {
        id: row.id,
        revision: row.revision,
        course: d.course,
        stage: row.stage,
        enrolledOn: row.enrolledOn,
        completedOn: row.completedOn,
        subsidised: row.subsidised,
        certificate: d.certificate !== undefined,
        person: presentForCase(c, person),
      },
      201,
    );
  });
}
