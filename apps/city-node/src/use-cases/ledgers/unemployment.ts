import { randomUUID } from "node:crypto";
import { type UnemploymentRegistration, unemploymentRegistration } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { and, eq, ne, sql } from "drizzle-orm";
import { loadCalendar } from "../../db/calendar.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import {
  applyForUnemploymentRegistration,
  checkUnemploymentEligibility,
  DomainRuleError,
  type FemaleCategory,
  throwIfViolated,
  transition,
  type UnemploymentEvent,
} from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { type PersonRow, personRefOf } from "../persons/store.js";
import { insertRow } from "./insert.js";
import { nextRevision, notRevisable, sameContent } from "./record.js";

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
  extra: Pick<Data, "unemployedSince" | "education" | "residenceAddress" | "keyGroups" | "lastJobIndustry">;
  /** Where the registration stands already (a city system's record): registered on this day… */
  registeredOn?: string | undefined;
  /** …and closed: on, why, with a note. */
  close?: { on: string; reason: NonNullable<Data["closeReason"]>; note?: string | undefined } | undefined;
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
    ctx.chunk ? await ctx.chunk.memo("calendar", () => loadCalendar(tx)) : await loadCalendar(tx),
  );
  const applied: Data = {
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
  // A record that stands further already (registered, closed) is recorded as it stands: one revision.
  const data = advance(applied, app);
  const row = await insertRow(ctx, unemploymentRegistrations, {
    id: data.id,
    personId: person.id,
    state: data.state,
    appliedOn: data.appliedOn,
    deadline: data.dueBy,
    closedOn: data.closedOn ?? null,
    closeReason: data.closeReason ?? null,
    servicePointId: data.servicePointId,
    femaleCategory: person.sex === "female" ? (app.femaleCategory ?? null) : null,
    data,
    createdBy: ctx.staffId,
  });
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

/**
 * The registration moved on by the domain's state machine to where `app` says it stands: registered on
 * `registeredOn`, then closed. Refused moves (a date before the last, a close reason an application
 * cannot have) are 422s at the form's field.
 */
function advance(data: Data, app: Pick<Application, "registeredOn" | "close">): Data {
  let at = data;
  try {
    if (app.registeredOn !== undefined && at.state === "applied")
      at = transition(at, { type: "register", on: app.registeredOn });
    if (app.close && at.state !== "closed")
      at = transition(
        at,
        app.close.reason === "withdrawn"
          ? { type: "withdraw", on: app.close.on }
          : { type: "close", on: app.close.on, reason: app.close.reason },
      );
  } catch (e) {
    // A move the state machine refuses is the form's fault here, not a conflict with another change.
    if (e instanceof DomainRuleError && e.code === "illegal-transition")
      throw new DomainRuleError(e.code, e.message, { field: "closeReason" });
    throw e;
  }
  return app.close?.note && at.state === "closed" ? { ...at, closeNote: app.close.note } : at;
}

/**
 * A new revision of a 失业登记 from the desk form (or the city system's record) as it stands now:
 * corrected details, registered (registeredOn), closed (closeReason, closedOn). The eligibility rules
 * of the application on its facts; a registration only moves forward (applied → registered → closed,
 * by the domain's state machine): appliedOn stays, a registration day once set stays, a closed
 * registration stays as it was closed (422 at the field otherwise). Unchanged content writes nothing.
 */
export async function reviseRegistration(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: app,
  }: { current: UnemploymentRow; personBefore: PersonRow; person: PersonRow; record: Application },
): Promise<UnemploymentRow> {
  const before = current.data as Data;
  if (app.appliedOn !== before.appliedOn)
    throw notRevisable("appliedOn", `The application was made on ${before.appliedOn}; that day stays`);
  const eligibility = checkUnemploymentEligibility(
    { birthDate: person.birthDate, sex: person.sex, femaleCategory: app.femaleCategory, ...app },
    app.appliedOn,
  );
  if (!eligibility.ok)
    throwIfViolated("not-eligible", "The applicant cannot register as unemployed", eligibility.reasons);
  if (before.registeredOn && app.registeredOn !== before.registeredOn)
    throw notRevisable("registeredOn", `The registration was made on ${before.registeredOn}; that day stays`);
  if (before.state === "closed") {
    if (!app.close || app.close.reason !== before.closeReason)
      throw notRevisable(
        "closeReason",
        `The registration was closed (${before.closeReason}); it is not reopened`,
      );
    if (app.close.on !== before.closedOn)
      throw notRevisable("closedOn", `The registration was closed on ${before.closedOn}; that day stays`);
  }
  const {
    unemployedSince: _u,
    education: _e,
    residenceAddress: _r,
    keyGroups: _k,
    lastJobIndustry: _i,
    closeNote,
    ...kept
  } = before;
  const corrected: Data = {
    ...kept,
    ...nextRevision(current),
    ...(app.districtCode ? { districtCode: app.districtCode as Data["districtCode"] } : {}),
    placeBasis: app.placeBasis,
    servicePointId: app.servicePointId,
    ...stripUndefined(app.extra),
  };
  let data: Data;
  if (before.state === "closed") {
    // A note left out keeps the one the registration was closed with.
    const note = app.close?.note ?? closeNote;
    data = { ...corrected, ...(note ? { closeNote: note } : {}) };
  } else data = advance(corrected, app);
  const femaleCategory = person.sex === "female" ? (app.femaleCategory ?? null) : null;
  if (sameContent(ctx, { data: before, person: personBefore }, { data, person })) {
    if (femaleCategory === current.femaleCategory) return current;
    // Not published (the contract does not carry it): it sets the day the registration closes at retirement.
    const [kept] = await ctx.db
      .update(unemploymentRegistrations)
      .set({ femaleCategory, updatedAt: sql`now()` })
      .where(eq(unemploymentRegistrations.id, current.id))
      .returning();
    return kept!;
  }
  const [updated] = await ctx.db
    .update(unemploymentRegistrations)
    .set({
      state: data.state,
      revision: data.revision,
      closedOn: data.closedOn ?? null,
      closeReason: data.closeReason ?? null,
      servicePointId: data.servicePointId,
      femaleCategory,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(unemploymentRegistrations.id, current.id))
    .returning();
  await ctx.publisher.publish(ctx.db, unemploymentRegistration, {
    ...data,
    person: personRefOf(person, ctx.vault),
  });
  await audit(ctx.db, {
    staffId: ctx.staffId,
    action: data.state === "closed" && before.state !== "closed" ? "close" : "update",
    entity: "unemployment-registration",
    entityId: current.id,
    personId: person.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return updated!;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
