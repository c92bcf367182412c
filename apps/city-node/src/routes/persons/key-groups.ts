import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, IdParam } from "@pes/http";
import { asc, eq, sql } from "drizzle-orm";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import { persons } from "../../db/tables/persons.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { zeroEmploymentFamilies, zeroEmploymentFamilyMembers } from "../../db/tables/zero-employment.js";
import { assertInArea } from "../../domain/index.js";
import { audit } from "../../use-cases/audit/record.js";
import { MembershipLine, presentLine } from "../key-groups/schema.js";
import { presentForCase, refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { PersonView, purposeOf } from "../shared.js";

const FromRecord = z
  .object({
    group: z.enum(["registered-unemployed", "zero-employment-family"]),
    recordId: z.uuid(),
    state: z.string(),
    since: z.string().nullable(),
  })
  .openapi("KeyGroupFromRecord");

const KeyGroupsView = z
  .object({
    person: PersonView,
    memberships: z
      .array(MembershipLine)
      .openapi({ description: "The person's lines in the key-group ledgers" }),
    fromRecords: z.array(FromRecord).openapi({
      description:
        "Groups the person is in by another record: an open unemployment registration, a zero-employment family not yet cleared",
    }),
  })
  .openapi("PersonKeyGroups");

const route = defineRoute({
  method: "get",
  path: "/v1/persons/{id}/key-groups",
  tags: ["Key groups 重点群体实名台账"],
  summary: "The key groups a person is in (the read is audited)",
  access: staff,
  request: { params: IdParam },
  responses: {
    200: {
      description: "The person's key groups",
      content: { "application/json": { schema: KeyGroupsView } },
    },
    ...errorResponses,
  },
});

export function registerGetPersonKeyGroups(app: App): void {
  app.openapi(route, async (c) => {
    const { db } = c.get("services");
    const caller = c.get("caller");
    const { id } = c.req.valid("param");
    const [person] = await db.db.select().from(persons).where(eq(persons.id, id));
    const notFound = { code: "person-not-found", message: `No person ${id}` };
    if (!person) throw new DomainError("not_found", notFound.code, notFound.message);
    // Outside the caller's area: the same 404 as no person, and the attempt audited.
    await refusalsAudited(c, "key-groups", { entityId: id }, () =>
      withRules(async () => assertInArea(caller, person.divisionCode, { ...notFound, personId: id })),
    );

    const memberships = await db.db
      .select()
      .from(keyGroupMemberships)
      .where(eq(keyGroupMemberships.personId, id))
      .orderBy(asc(keyGroupMemberships.startedOn));
    const registrations = await db.db
      .select({
        recordId: unemploymentRegistrations.id,
        state: unemploymentRegistrations.state,
        since: sql<string | null>`${unemploymentRegistrations.data}->>'registeredOn'`,
      })
      .from(unemploymentRegistrations)
      .where(
        sql`${unemploymentRegistrations.personId} = ${id} and ${unemploymentRegistrations.state} <> 'closed'`,
      );
    const families = await db.db
      .select({
        recordId: zeroEmploymentFamilies.id,
        state: zeroEmploymentFamilies.state,
        since: zeroEmploymentFamilies.identifiedOn,
      })
      .from(zeroEmploymentFamilies)
      .innerJoin(
        zeroEmploymentFamilyMembers,
        eq(zeroEmploymentFamilyMembers.familyId, zeroEmploymentFamilies.id),
      )
      .where(
        sql`${zeroEmploymentFamilyMembers.personId} = ${id} and ${zeroEmploymentFamilies.state} = 'identified'`,
      );

    await audit(db.db, {
      staffId: caller.staffId,
      action: "read",
      entity: "key-groups",
      entityId: id,
      personId: id,
      purpose: purposeOf(c),
      requestId: c.get("requestId"),
    });
    return c.json(
      {
        person: presentForCase(c, person),
        memberships: memberships.map(presentLine),
        fromRecords: [
          ...registrations.map((r) => ({ group: "registered-unemployed" as const, ...r })),
          ...families.map((f) => ({ group: "zero-employment-family" as const, ...f })),
        ],
      },
      200,
    );
  });
}
