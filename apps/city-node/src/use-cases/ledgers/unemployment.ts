import { randomUUID } from "node:crypto";
import { type UnemploymentRegistration, unemploymentRegistration } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { and, eq, ne, sql } from "drizzle-orm";
import { loadCalendar } from "../../db/calendar.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import {
  applyForUnemploymentRegistration,
  type FemaleCategory,
  transition,
  type UnemploymentEvent,
} from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { type PersonRow, personRefOf } from "../persons/store.js";

export type UnemploymentRow = typeof unemploymentRegistrations.$inferSelect;
type Data = Omit<UnemploymentRegistration, "person">;

export interface Application {
  femaleCategory?: FemaleCategory | undefined;
  ableToWork: boolean;
  wantsWork: boolean;
  currentlyEmployed: boolean;
  placeBasis: UnemploymentRegistration["placeBasis"];
  servicePointId: string;
  appliedOn: string;
  districtCode?: string | undefined;
  extra: Pick<Data, "unemployedSince" | "education" | "residenceAddress" | "keyGroups">;
}

export async function openRegistrationOfPerson(
  tx: Database,
  personId: string,
): Promise<UnemploymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(unemploymentRegistrations)
    .where(
      and(eq(unemploymentRegistrations.personId, personId), ne(unemploymentRegistrations.state, "closed")),
    )
    .for("update");
  return row;
}

/** 失业登记 application: eligibility, one open registration per person, the 10-working-day deadline. */
export async function applyForRegistration(
  ctx: UseCaseContext,
  { person, record: app }: { person: PersonRow; record: Application },
) {
  const tx = ctx.db;
  const existing = await tx
    .select({
      id: unemploymentRegistrations.id,
      state: unemploymentRegistrations.state,
      appliedOn: unemploymentRegistrations.appliedOn,
    })
    .from(unemploymentRegistrations)
    .where(eq(unemploymentRegistrations.personId, person.id));
  const lifecycle = applyForUnemploymentRegistration(
    { birthDate: person.birthDate, sex: person.sex, femaleCategory: app.femaleCategory, ...app },
    existing.map((e) => ({ ...e, cityCode: ctx.cityCode })),
    app.appliedOn,
    await loadCalendar(tx),
  );
  const data: Data = {
    id: randomUUID(),
    revision: 1,
    cityCode: ctx.cityCode as Data["cityCode"],
    ...(app.districtCode ? { districtCode: app.districtCode as Data["districtCode"] } : {}),
    recordedAt: new Date().toISOString(),
    state: "applied",
    placeBasis: app.placeBasis,
    servicePointId: app.servicePointId,
    staffId: ctx.staffId,
    appliedOn: lifecycle.appliedOn,
    dueBy: lifecycle.dueBy,
    ...stripUndefined(app.extra),
  };
  const [row] = await tx
    .insert(unemploymentRegistrations)
    .values({
      id: data.id,
      personId: person.id,
      state: "applied",
      appliedOn: data.appliedOn,
      deadline: data.dueBy,
      servicePointId: data.servicePointId,
      femaleCategory: person.sex === "female" ? (app.femaleCategory ?? null) : null,
      data,
      createdBy: ctx.staffId,
    })
    .returning();
  await ctx.publisher.publish(tx, unemploymentRegistration, {
    ...data,
    person: personRefOf(person, ctx.vault),
  });
  await audit(tx, {
    staffId: ctx.staffId,
    action: "create",
    entity: "unemployment-registration",
    entityId: data.id,
    personId: person.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return row!;
}

export interface RegistrationChange {
  registration: UnemploymentRow;
  person: PersonRow;
  event: UnemploymentEvent;
  /** Kept on the record as its closeNote. */
  note?: string | undefined;
}

/** register / close / withdraw: the domain's state machine, a new revision, published and audited. */
export async function changeRegistration(
  ctx: UseCaseContext,
  { registration: row, person, event, note }: RegistrationChange,
) {
  const tx = ctx.db;
  const before = row.data as Data;
  const after = transition(before, event);
  const data: Data = {
    ...after,
    revision: row.revision + 1,
    recordedAt: new Date().toISOString(),
    ...(note ? { closeNote: note } : {}),
  };
  const [updated] = await tx
    .update(unemploymentRegistrations)
    .set({
      state: data.state,
      revision: data.revision,
      closedOn: data.closedOn ?? null,
      closeReason: data.closeReason ?? null,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(unemploymentRegistrations.id, row.id))
    .returning();
  await ctx.publisher.publish(tx, unemploymentRegistration, {
    ...data,
    person: personRefOf(person, ctx.vault),
  });
  await audit(tx, {
    staffId: ctx.staffId,
    action: data.state === "closed" ? "close" : "update",
    entity: "unemployment-registration",
    entityId: row.id,
    personId: person.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return updated!;
}

/** The day a registration closes for something that happened on `effectiveOn`: never before it opened. */
export function closingDate(row: UnemploymentRow, effectiveOn: string): string {
  const opened = (row.data as { registeredOn?: string }).registeredOn ?? row.appliedOn;
  return effectiveOn > opened ? effectiveOn : opened;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
