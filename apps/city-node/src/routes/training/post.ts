import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { trainingIntake } from "../../use-cases/intake/kinds/training.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { PersonView } from "../shared.js";

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

/** POST /v1/training-records, PUT /v1/training-records/{id}. */
export function registerPostTrainingRecord(app: App): void {
  registerIntakeRoutes(app, {
    intake: trainingIntake,
    path: "/v1/training-records",
    tags: ["Services 服务记录"],
    inputName: "TrainingRecordInput",
    view: TrainingView,
    present: (c, { row, person }) => {
      const d = row.data as { course: string; certificate?: unknown };
      return {
        id: row.id,
        revision: row.revision,
        course: d.course,
        stage: row.stage,
        enrolledOn: row.enrolledOn,
        completedOn: row.completedOn,
        subsidised: row.subsidised,
        certificate: d.certificate !== undefined,
        person: presentForCase(c, person),
      };
    },
    post: {
      summary: "Record a training: enrolment or completion, subsidy, certificate (培训记录)",
      description:
        "A subsidy is paid once the training is completed and passed (合格后); a certificate needs a pass and is " +
        "issued on or after completion; a voucher pays a subsidised training. Each broken rule is a 422 with its field.",
    },
    put: {
      summary: "Revise a training: completed, certified, dropped out or corrected (培训记录变更)",
      description:
        "A training's life runs forward: enrolled → completed or dropped-out (422 at stage otherwise), and a " +
        "certificate once recorded stays (422 at certificate). The rules of the POST apply to the whole record.",
    },
  });
}
