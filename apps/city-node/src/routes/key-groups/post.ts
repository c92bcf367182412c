import type { App } from "../../context.js";
import { keyGroupIntake } from "../../use-cases/intake/kinds/key-groups.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { MembershipView, presentLine } from "./schema.js";

/** POST /v1/key-group-memberships, PUT /v1/key-group-memberships/{id}. */
export function registerPostKeyGroupMembership(app: App): void {
  registerIntakeRoutes(app, {
    intake: keyGroupIntake,
    path: "/v1/key-group-memberships",
    tags: ["Key groups 重点群体实名台账"],
    inputName: "KeyGroupMembershipInput",
    view: MembershipView,
    present: (c, { row, person }) => ({ ...presentLine(row), person: presentForCase(c, person) }),
    post: {
      summary: "Add a person to a key-group ledger (group, start, end, source)",
      description:
        "Periods of one group may not overlap (409). The registered-unemployed, employment-difficulty and " +
        "zero-employment-family ledgers are kept by their own records (422). A college graduate needs the date " +
        "they left school and the service point that owes them the 131 services.",
    },
    put: {
      summary: "Revise a ledger line: the person left the group (endedOn), or a correction",
      description:
        "The rules of the POST (no overlap with the person's other lines of the group); the group stays (422 at " +
        "group) and a line that ended is not reopened (422 at endedOn: a new period is a new line). An omitted " +
        "servicePointId keeps the line's.",
    },
  });
}
