import { chinaToday } from "@pes/core";
import { and, eq, gte, inArray, isNull, lte, notExists, or, sql } from "drizzle-orm";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import { persons } from "../../db/tables/persons.js";
import { employmentRegistrations, unemploymentRegistrations } from "../../db/tables/registrations.js";
import { serviceRecords } from "../../db/tables/services.js";
import type { Person131, Service131 } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import type { PersonRow } from "../persons/store.js";

/** Why the 131 commitment covers a person. */
export type Basis131 = "registered-unemployed" | "unemployed-graduate";

export interface Covered131 extends Person131 {
  person: PersonRow;
  basis: Basis131;
}

/**
 * Who the 131 commitment covers, of one person or one service point: every registered unemployed
 * person (since the day of registration, owed by the service point that registered them) and every
 * graduate in the college-graduate ledger who is neither in work nor registered unemployed (since the
 * day they entered the ledger, owed by the service point named there). Services count from any point.
 * Today is the context's clock's date in China.
 */
export async function coveredBy131(
  ctx: Pick<UseCaseContext, "db" | "clock">,
  filter: { personId: string } | { servicePointId: string },
): Promise<Covered131[]> {
  const { db } = ctx;
  const today = chinaToday(ctx.clock);
  const u = unemploymentRegistrations;
  const m = keyGroupMemberships;
  const e = employmentRegistrations;
  const byPerson = "personId" in filter;

  const registered = await db
    .select({
      person: persons,
      servicePointId: u.servicePointId,
      since: sql<string>`${u.data}->>'registeredOn'`,
    })
    .from(u)
    .innerJoin(persons, eq(persons.id, u.personId))
    .where(
      and(
        eq(u.state, "registered"),
        byPerson ? eq(u.personId, filter.personId) : eq(u.servicePointId, filter.servicePointId),
      ),
    );

  const registeredNow = db
    .select({ one: sql`1` })
    .from(u)
    .where(and(sql`${u.personId} = ${m.personId}`, eq(u.state, "registered")));
  const inWork = db
    .select({ one: sql`1` })
    .from(e)
    .where(
      and(
        sql`${e.personId} = ${m.personId}`,
        lte(e.employedOn, today),
        sql`coalesce(${e.data}->>'endedOn', '9999-12-31') >= ${today}`,
      ),
    );
  const graduates = await db
    .select({ person: persons, servicePointId: m.servicePointId, since: m.startedOn })
    .from(m)
    .innerJoin(persons, eq(persons.id, m.personId))
    .where(
      and(
        eq(m.group, "college-graduate"),
        lte(m.startedOn, today),
        or(isNull(m.endedOn), gte(m.endedOn, today)),
        byPerson ? eq(m.personId, filter.personId) : eq(m.servicePointId, filter.servicePointId),
        notExists(registeredNow),
        notExists(inWork),
      ),
    );

  const covered = [
    ...registered.map((r) => ({ ...r, basis: "registered-unemployed" as const })),
    ...graduates.map((g) => ({ ...g, basis: "unemployed-graduate" as const })),
  ].filter((c): c is typeof c & { servicePointId: string } => c.servicePointId !== null);
  if (covered.length === 0) return [];

  const services = await db
    .select({
      personId: serviceRecords.personId,
      serviceType: serviceRecords.serviceType,
      servedAt: serviceRecords.servedAt,
    })
    .from(serviceRecords)
    .where(
      inArray(
        serviceRecords.personId,
        covered.map((c) => c.person.id),
      ),
    );
  const servicesOf = new Map<string, Service131[]>();
  for (const s of services) {
    const list = servicesOf.get(s.personId) ?? [];
    list.push({
      serviceType: s.serviceType as Service131["serviceType"],
      servedAt: s.servedAt.toISOString(),
    });
    servicesOf.set(s.personId, list);
  }
  return covered.map((c) => ({
    person: c.person,
    personKey: c.person.personKey,
    basis: c.basis,
    servicePointId: c.servicePointId,
    since: c.since,
    services: servicesOf.get(c.person.id) ?? [],
  }));
}
