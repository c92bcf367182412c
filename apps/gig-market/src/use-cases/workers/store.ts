import { DomainError } from "@pes/core";
import { reportingCityOf } from "@pes/schemas";
import { sealPerson } from "@pes/sync";
import { and, eq, sql } from "drizzle-orm";
import { CONSENT_PURPOSE, type ExpectedPay, workers } from "../../db/tables/workers.js";
import type { Market } from "../../domain/market.js";
import type { UseCaseContext } from "../context.js";

export type WorkerRow = typeof workers.$inferSelect;

/** What a worker can change about their registration. */
export interface WorkerPreferences {
  occupations?: string[] | undefined;
  preferredPlaces?: string[] | undefined;
  expectedPay?: ExpectedPay | null | undefined;
  availableFrom?: string | null | undefined;
  availableUntil?: string | null | undefined;
}

export interface WorkerInput extends WorkerPreferences {
  idNumber: string;
  name: string;
  mobile?: string | undefined;
  /** Absent or not given: the registration is refused. */
  consent?: { given: boolean; givenAt?: string | undefined } | undefined;
}

/** Each preferred place must lie in the market's city (the whole city is allowed: "anywhere"). */
function checkPlaces(places: string[] | undefined, market: Market): void {
  const errors = (places ?? []).flatMap((code, i) =>
    reportingCityOf(code) === market.cityCode
      ? []
      : [
          {
            path: `preferredPlaces.${i}`,
            in: "body" as const,
            message: `must lie within the market's city ${market.cityCode}`,
          },
        ],
  );
  if (errors.length)
    throw new DomainError(
      "invalid",
      "outside-market-city",
      "A preferred place lies outside your market's city",
      {
        errors,
      },
    );
}

function checkAvailability(from: string | null | undefined, until: string | null | undefined): void {
  if (from && until && until < from)
    throw new DomainError("invalid", "availability", "availableUntil is before availableFrom", {
      errors: [{ path: "availableUntil", in: "body", message: "is before availableFrom" }],
    });
}

/**
 * Registers a worker who has consented to matching and placement by this market; one per person per
 * market (409 otherwise). Errors never carry the ID number, name or mobile.
 */
export async function registerWorker(
  ctx: Pick<UseCaseContext, "db" | "market" | "cipher" | "personKeySecret">,
  input: WorkerInput,
): Promise<WorkerRow> {
  const { db, market } = ctx;
  if (!input.consent?.given)
    throw new DomainError(
      "invalid",
      "consent-required",
      `A worker is registered only with their consent to ${CONSENT_PURPOSE}`,
      { errors: [{ path: "consent", in: "body", message: "the worker's consent is required" }] },
    );
  checkPlaces(input.preferredPlaces, market);
  checkAvailability(input.availableFrom, input.availableUntil);
  const { phoneEnc: mobileEnc, ...sealed } = sealPerson(ctx, {
    idNumber: input.idNumber,
    name: input.name,
    phone: input.mobile,
  });
  const [row] = await db
    .insert(workers)
    .values({
      marketId: market.id,
      ...sealed,
      mobileEnc,
      consentGivenAt: input.consent.givenAt ? new Date(input.consent.givenAt) : new Date(),
      consentPurpose: CONSENT_PURPOSE,
      occupations: input.occupations ?? [],
      preferredPlaces: input.preferredPlaces ?? [],
      expectedPay: input.expectedPay ?? null,
      availableFrom: input.availableFrom ?? null,
      availableUntil: input.availableUntil ?? null,
    })
    .onConflictDoNothing({ target: [workers.marketId, workers.personKey] })
    .returning();
  if (!row)
    throw new DomainError(
      "conflict",
      "worker-exists",
      "This person is already registered as a worker of your market",
    );
  return row;
}

/** The market's worker, or 404 for one that is unknown or another market's (never revealing it exists). */
export async function findWorker(
  { db, market }: Pick<UseCaseContext, "db" | "market">,
  { id, lock = false }: { id: string; lock?: boolean },
): Promise<WorkerRow> {
  const query = db
    .select()
    .from(workers)
    .where(and(eq(workers.id, id), eq(workers.marketId, market.id)));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new DomainError("not_found", "worker-not-found", `No worker ${id}`);
  return row;
}

/** Changes the worker's occupations, places, pay or availability; a withdrawn worker cannot change (409). */
export async function updateWorker(
  ctx: Pick<UseCaseContext, "db" | "market">,
  { id, ...patch }: WorkerPreferences & { id: string },
): Promise<WorkerRow> {
  checkPlaces(patch.preferredPlaces, ctx.market);
  return ctx.db.transaction(async (tx) => {
    const row = await findWorker({ ...ctx, db: tx }, { id, lock: true });
    if (row.status === "withdrawn")
      throw new DomainError(
        "conflict",
        "worker-withdrawn",
        "The worker withdrew their consent; register them again",
      );
    const from = patch.availableFrom === undefined ? row.availableFrom : patch.availableFrom;
    const until = patch.availableUntil === undefined ? row.availableUntil : patch.availableUntil;
    checkAvailability(from, until);
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const [changed] = await tx
      .update(workers)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(workers.id, id))
      .returning();
    return changed!;
  });
}

/**
 * The worker withdraws consent: the ID number, name, mobile, person key and preferences are erased
 * and the row is kept only as withdrawn, with when consent was given and withdrawn. Again changes nothing.
 */
export async function withdrawWorker(
  ctx: Pick<UseCaseContext, "db" | "market">,
  { id }: { id: string },
): Promise<WorkerRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await findWorker({ ...ctx, db: tx }, { id, lock: true });
    if (row.status === "withdrawn") return row;
    const [erased] = await tx
      .update(workers)
      .set({
        status: "withdrawn",
        personKey: null,
        idNumberEnc: null,
        nameEnc: null,
        mobileEnc: null,
        occupations: [],
        preferredPlaces: [],
        expectedPay: null,
        availableFrom: null,
        availableUntil: null,
        consentWithdrawnAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(workers.id, id))
      .returning();
    return erased!;
  });
}
