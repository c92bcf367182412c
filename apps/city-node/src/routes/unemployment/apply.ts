import type { App } from "../../context.js";
import { loadCalendar } from "../../db/calendar.js";
import { canSeeClearPersonalData } from "../../domain/index.js";
import { unemploymentIntake } from "../../use-cases/intake/kinds/unemployment.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentRegistration } from "./present.js";
import { RegistrationView } from "./schema.js";

/** POST /v1/unemployment-registrations, PUT /v1/unemployment-registrations/{id}. */
export function registerApply(app: App): void {
  registerIntakeRoutes(app, {
    intake: unemploymentIntake,
    path: "/v1/unemployment-registrations",
    tags: ["Unemployment registration 失业登记"],
    inputName: "UnemploymentApplication",
    view: RegistrationView,
    present: async (c, { row, person }) => {
      const { db, vault } = c.get("services");
      const clear = canSeeClearPersonalData(c.get("caller").role, "case");
      return presentRegistration(row, person, vault, clear, await loadCalendar(db.db));
    },
    post: {
      summary: "Apply for unemployment registration (失业登记申请)",
      description:
        "Checks eligibility (aged 16 up to the statutory retirement age by the 2025 schedule, able and willing to work, not employed), " +
        "that the person has no open registration, and sets the 10-working-day deadline. Every failing condition is listed at once (一次性告知). " +
        "A city system's record that stands further already is taken as it stands: registeredOn (registered that day) and " +
        "closeReason with closedOn (closed), moved there by the same state machine as …/{id}/register and …/{id}/close, " +
        "and published once.",
    },
    put: {
      summary: "Revise a registration: corrected details, registered, closed (失业登记变更)",
      description:
        "The desk form as it stands now. The eligibility rules of the application on its facts; a registration moves " +
        "only forward (applied → registered → closed, as …/{id}/register and …/{id}/close): appliedOn stays, a " +
        "registeredOn once set stays, a closed registration stays closed as it was (422 at the field otherwise).",
    },
  });
}
