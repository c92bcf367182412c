import type { App } from "../../context.js";
import { difficultyIntake } from "../../use-cases/intake/kinds/difficulty.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { DifficultyView, presentRecognition } from "./schema.js";

/** POST /v1/difficulty-recognitions, PUT /v1/difficulty-recognitions/{id}. */
export function registerPostDifficulty(app: App): void {
  registerIntakeRoutes(app, {
    intake: difficultyIntake,
    path: "/v1/difficulty-recognitions",
    tags: ["Employment difficulty 就业困难人员认定"],
    inputName: "DifficultyApplication",
    view: DifficultyView,
    present: (c, { row, person }) => presentRecognition(row, presentForCase(c, person)),
    post: {
      summary: "Apply for recognition as an employment-difficulty person (就业困难人员认定申请)",
      description:
        "Only a registered unemployed person may apply (their unemployment registration must be registered, not " +
        "merely applied for): 422 otherwise. One application at a time, and none while a recognition holds (409).",
    },
    put: {
      summary: "Correct an application waiting for its decision (认定申请更正)",
      description:
        "The rules of the POST, while the application waits for its decision; a decided application keeps the " +
        "reasons, date and service point it was decided on (422 at the field). The decision itself is " +
        "POST /v1/difficulty-recognitions/{id}/decide. An omitted appliedOn or servicePointId keeps the application's.",
    },
  });
}
