import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { recordMembership } from "../../use-cases/ledgers/key-groups.js";
import { atTheDesk, presentForCase } from "../person-desk.js";
import { MembershipBody, MembershipView, presentLine } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/key-group-memberships",
  tags: ["Key groups 重点群体实名台账"],
  summary: "Add a person to a key-group ledger (group, start, end, source)",
  description:
    "Periods of one group may not overlap (409). The registered-unemployed, employment-difficulty and " +
    "zero-employment-family ledgers are kept by their own records (422). A college graduate needs the date " +
    "they left school and the service point that owes them the 131 services.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: MembershipBody } } } },
  responses: {
    201: { description: "Recorded", content: { "application/json": { schema: MembershipView } } },
    ...errorResponses,
  },
});

export function registerPostKeyGroupMembership(app: App): void {
  app.openapi(route, async (c) => {
    const { person: personInput, servicePointId, ...input } = c.req.valid("json");
    const pointId = servicePointId ?? c.get("caller").servicePointId;
    const { row, person } = await atTheDesk(
      c,
      personInput,
      { entity: "key-group-membership" },
      async ({ ctx, person, districtCode }) => ({
        row: await recordMembership(ctx, { person, record: input, servicePointId: pointId, districtCode }),
      }),
    );
    return c.json({ ...presentLine(row), person: presentForCase(c, person) }, 201);
  });
}
