import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses } from "@pes/http";
import { PERSON_KEY_PATTERN } from "@pes/schemas";
import { openMasked, PiiCipher } from "@pes/sync";
import { asc, eq } from "drizzle-orm";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { hubConflicts } from "../../db/tables/conflicts.js";
import { hubPersons, hubRecords } from "../../db/tables/records.js";

const Entry = z.object({
  recordId: z.string(),
  type: z.string(),
  revision: z.number().int(),
  cityCode: z.string(),
  districtCode: z.string().nullable(),
  source: z.string(),
  time: z.string(),
  summary: z
    .record(z.string(), z.unknown())
    .openapi({ description: "The record's state and dates; no personal data" }),
});

const Timeline = z
  .object({
    person: z.object({
      personKey: z.string(),
      idNumber: z.string(),
      name: z.string(),
      sex: z.string().nullable(),
      birthDate: z.string().nullable(),
      cities: z.array(z.string()),
    }),
    entries: z.array(Entry),
    conflicts: z.array(
      z.object({
        kind: z.string(),
        closeCity: z.string(),
        closeRecordId: z.string(),
        evidenceCity: z.string(),
        decidedAt: z.string(),
      }),
    ),
  })
  .openapi("PersonTimeline");

const route = defineRoute({
  method: "get",
  path: "/v1/persons/{personKey}/timeline",
  tags: ["Persons 人员"],
  summary:
    "One person's records from every city as one timeline, with the conflicts the hub resolved (masked)",
  access: readers,
  request: {
    params: z.object({
      personKey: z
        .string()
        .regex(PERSON_KEY_PATTERN, "a person key, pk_…")
        .openapi({ param: { name: "personKey", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The timeline", content: { "application/json": { schema: Timeline } } },
    ...errorResponses,
  },
});

/** What a timeline may show of a record: its type-specific state and dates, never names, IDs or phones. */
const SUMMARY_FIELDS = [
  "state",
  "appliedOn",
  "registeredOn",
  "closedOn",
  "closeReason",
  "startedOn",
  "form",
  "serviceType",
  "servedAt",
  "group",
  "kind",
  "status",
  "marketId",
  "completedOn",
  "voucherId",
];

export function registerTimeline(app: App): void {
  app.openapi(route, async (c) => {
    const { personKey } = c.req.valid("param");
    const { db, config } = c.get("services");
    const [person] = await db.db.select().from(hubPersons).where(eq(hubPersons.personKey, personKey));
    if (!person)
      throw new DomainError(
        "not_found",
        "person-not-found",
        "No records of this person reached the province",
      );
    const shown = openMasked(new PiiCipher(config.piiKey), person);
    const records = await db.db
      .select()
      .from(hubRecords)
      .where(eq(hubRecords.personKey, personKey))
      .orderBy(asc(hubRecords.eventTime));
    const conflicts = await db.db
      .select()
      .from(hubConflicts)
      .where(eq(hubConflicts.personKey, personKey))
      .orderBy(asc(hubConflicts.decidedAt));
    return c.json(
      {
        person: {
          personKey,
          idNumber: shown.idNumber,
          name: shown.name,
          sex: person.sex,
          birthDate: person.birthDate,
          cities: person.cities,
        },
        entries: records.map((r) => ({
          recordId: r.recordId,
          type: r.type,
          revision: r.revision,
          cityCode: r.cityCode,
          districtCode: r.districtCode,
          source: r.source,
          time: r.eventTime.toISOString(),
          summary: Object.fromEntries(
            SUMMARY_FIELDS.filter((f) => r.data[f] !== undefined).map((f) => [f, r.data[f]]),
          ),
        })),
        conflicts: conflicts.map((x) => ({
          kind: x.kind,
          closeCity: x.closeCity,
          closeRecordId: x.closeRecordId,
          evidenceCity: x.evidenceCity,
          decidedAt: x.decidedAt.toISOString(),
        })),
      },
      200,
    );
  });
}
