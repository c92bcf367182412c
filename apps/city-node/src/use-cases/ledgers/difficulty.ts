import { type DifficultyRecognition, difficultyRecognition } from "@pes/schemas";
import { and, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { difficultyRecognitions } from "../../db/tables/difficulty.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import {
  applyForDifficultyRecognition,
  type DifficultyDecision,
  DomainRuleError,
  transitionDifficulty,
  type UnemploymentState,
} from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import type { PersonRow } from "../persons/store.js";
import { insertRow } from "./insert.js";
import { addMembership } from "./key-groups.js";
import {
  checkedPersonRecord,
  firstRevision,
  nextRevision,
  notRevisable,
  type PersonRecordInput,
  publishPersonRecord,
  sameContent,
} from "./record.js";

export type DifficultyRow = typeof difficultyRecognitions.$inferSelect;
type Data = Omit<z.output<typeof DifficultyRecognition>, "person">;

export interface DifficultyApplicationInput {
  categories: string[];
  appliedOn: string;
  servicePointId: string;
}

/**
 * 就业困难人员认定 application: the person's unemployment registrations decide whether they may
 * apply (only a registered unemployed person), and one application is decided before the next.
 */
export async function applyForDifficulty(
  ctx: UseCaseContext,
  { person, record: input, districtCode }: PersonRecordInput<DifficultyApplicationInput>,
): Promise<DifficultyRow> {
  const lifecycle = await checkApplication(ctx, person, input);
  const data = checkedPersonRecord(difficultyRecognition, ctx, person, {
    ...lifecycle,
    ...firstRevision(ctx, districtCode),
    servicePointId: input.servicePointId,
    staffId: ctx.staffId,
  });
  const row = await insertRow(ctx, difficultyRecognitions, {
    id: data.id,
    personId: person.id,
    state: "applied",
    appliedOn: lifecycle.appliedOn,
    unemploymentRegistrationId: lifecycle.unemploymentRegistrationId ?? null,
    data,
    createdBy: ctx.staffId,
  });
  await publishPersonRecord(ctx, difficultyRecognition, person, data, {
    action: "create",
    entity: "difficulty-recognition",
  });
  return row!;
}

/**
 * The rules of an application: the person registered unemployed by appliedOn, no other application of
 * theirs (besides `self`) waiting for its decision, no recognition holding.
 */
async function checkApplication(
  ctx: UseCaseContext,
  person: PersonRow,
  input: DifficultyApplicationInput,
  self?: string,
) {
  const tx = ctx.db;
  const registrations = await tx
    .select({
      id: unemploymentRegistrations.id,
      state: unemploymentRegistrations.state,
      registeredOn: sql<string | null>`${unemploymentRegistrations.data}->>'registeredOn'`,
    })
    .from(unemploymentRegistrations)
    .where(eq(unemploymentRegistrations.personId, person.id));
  const lifecycle = applyForDifficultyRecognition(
    { categories: input.categories, appliedOn: input.appliedOn },
    registrations.map((r) => ({
      id: r.id,
      state: r.state as UnemploymentState,
      ...(r.registeredOn ? { registeredOn: r.registeredOn } : {}),
    })),
  );
  const earlier = await tx
    .select({ id: difficultyRecognitions.id, data: difficultyRecognitions.data })
    .from(difficultyRecognitions)
    .where(
      and(
        eq(difficultyRecognitions.personId, person.id),
        self ? ne(difficultyRecognitions.id, self) : undefined,
      ),
    );
  for (const e of earlier) {
    const d = e.data as Data;
    if (d.state === "applied") {
      throw new DomainRuleError(
        "difficulty-application-pending",
        `An application of this person is waiting for its decision (${e.id})`,
        { kind: "conflict", field: "person.idNumber" },
      );
    }
    if (d.state === "recognised" && (!d.validUntil || d.validUntil >= input.appliedOn)) {
      throw new DomainRuleError(
        "already-recognised",
        `The person is recognised already (${e.id})${d.validUntil ? ` until ${d.validUntil}` : ""}`,
        { kind: "conflict", field: "person.idNumber" },
      );
    }
  }
  return lifecycle;
}

/**
 * A corrected application (reasons, date, service point) while it waits for its decision, under the
 * rules of applyForDifficulty; a decided one keeps what it was decided on (422 at each changed field).
 * Deciding is POST /v1/difficulty-recognitions/{id}/decide. Unchanged content writes nothing.
 */
export async function reviseDifficultyApplication(
  ctx: UseCaseContext,
  {
    current,
    personBefore,
    person,
    record: input,
    districtCode,
  }: PersonRecordInput<DifficultyApplicationInput> & { current: DifficultyRow; personBefore: PersonRow },
): Promise<DifficultyRow> {
  const before = current.data as Data;
  if (before.state !== "applied") {
    const changed = (["categories", "appliedOn", "servicePointId"] as const).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]),
    );
    if (changed.length > 0)
      throw notRevisable(
        changed[0]!,
        `The application was ${before.state} on ${before.decidedOn}: what it was decided on stays`,
      );
    return current;
  }
  const lifecycle = await checkApplication(ctx, person, input, current.id);
  const data = checkedPersonRecord(difficultyRecognition, ctx, person, {
    ...before,
    ...lifecycle,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    servicePointId: input.servicePointId,
  });
  if (sameContent(ctx, { data: current.data, person: personBefore }, { data, person })) return current;
  const [row] = await ctx.db
    .update(difficultyRecognitions)
    .set({
      revision: data.revision,
      appliedOn: lifecycle.appliedOn,
      unemploymentRegistrationId: lifecycle.unemploymentRegistrationId ?? null,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(difficultyRecognitions.id, current.id))
    .returning();
  await publishPersonRecord(ctx, difficultyRecognition, person, data, {
    action: "update",
    entity: "difficulty-recognition",
  });
  return row!;
}

/**
 * 认定 or 不予认定. A recognised person enters the employment-difficulty ledger for the validity
 * period, published in the same transaction.
 */
export async function decideDifficulty(
  ctx: UseCaseContext,
  {
    recognition: row,
    person,
    decision,
  }: { recognition: DifficultyRow; person: PersonRow; decision: DifficultyDecision },
): Promise<DifficultyRow> {
  const tx = ctx.db;
  const before = row.data as Data;
  const after = transitionDifficulty(before, decision);
  const data = checkedPersonRecord(difficultyRecognition, ctx, person, {
    ...after,
    revision: row.revision + 1,
    recordedAt: new Date().toISOString(),
  });
  const [updated] = await tx
    .update(difficultyRecognitions)
    .set({
      state: after.state,
      revision: data.revision,
      decidedOn: after.decidedOn ?? null,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(difficultyRecognitions.id, row.id))
    .returning();
  await publishPersonRecord(ctx, difficultyRecognition, person, data, {
    action: "update",
    entity: "difficulty-recognition",
  });
  if (after.state === "recognised") {
    await addMembership(ctx, {
      person,
      record: {
        group: "employment-difficulty",
        startedOn: after.decidedOn!,
        endedOn: after.validUntil,
        source: "recognition",
      },
      servicePointId: before.servicePointId,
      districtCode: before.districtCode,
    });
  }
  return updated!;
}
