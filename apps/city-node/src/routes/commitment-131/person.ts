import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses } from "@pes/http";
import { eq } from "drizzle-orm";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { persons } from "../../db/tables/persons.js";
import { assertInArea, progress131 } from "../../domain/index.js";
import { audit } from "../../use-cases/audit/record.js";
import { coveredBy131 } from "../../use-cases/ledgers/commitment-131.js";
import { useCaseContext } from "../context.js";
import { presentForCase, refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { purposeOf } from "../shared.js";
import { Progress131View, progressView } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/commitment-131/persons/{personId}",
  tags: ["131 commitment 重点帮扶131"],
  summary: "What a person had of the 131 services since their registration, and what is still owed",
  description:
    "For a registered unemployed person (since the day of registration) or an unemployed graduate (since " +
    "entering the college-graduate ledger); 404 for anyone else. The read is audited.",
  access: staff,
  request: { params: z.object({ personId: z.uuid().openapi({ param: { name: "personId", in: "path" } }) }) },
  responses: {
    200: {
      description: "The person's 131 progress",
      content: { "application/json": { schema: Progress131View } },
    },
    ...errorResponses,
  },
});

export function registerGetPerson131(app: App): void {
  app.openapi(route, async (c) => {
    const { db } = c.get("services");
    const caller = c.get("caller");
    const { personId } = c.req.valid("param");
    const [person] = await db.db.select().from(persons).where(eq(persons.id, personId));
    const notFound = { code: "person-not-found", message: `No person ${personId}` };
    if (!person) throw new DomainError("not_found", notFound.code, notFound.message);
    // Outside the caller's area: the same 404 as no person, and the attempt audited.
    await refusalsAudited(c, "commitment-131", { entityId: personId }, () =>
      withRules(async () => assertInArea(caller, person.divisionCode, { ...notFound, personId })),
    );
    const [covered] = await coveredBy131(useCaseContext(c, db.db), { personId });
    if (!covered) {
      throw new DomainError(
        "not_found",
        "not-covered-131",
        "The person is neither a registered unemployed person nor an unemployed graduate: the 131 commitment does not cover them",
      );
    }
    await audit(db.db, {
      staffId: caller.staffId,
      action: "read",
      entity: "commitment-131",
      entityId: personId,
      personId,
      purpose: purposeOf(c),
      requestId: c.get("requestId"),
    });
    const progress = progress131(covered.services, covered.since);
    return c.json(progressView(covered, progress, presentForCase(c, person)), 200);
  });
}
