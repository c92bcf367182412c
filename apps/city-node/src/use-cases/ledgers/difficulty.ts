import { type DifficultyRecognition, difficultyRecognition } from "@pes/schemas";
import { eq, sql } from "drizzle-orm";
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
import { addMembership } from "./key-groups.js";
import { checkedPersonRecord, firstRevision, type PersonRecordInput, publishPersonRecord } from "./record.js";

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
    .where(eq(difficultyRecognitions.personId, person.id));
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
  const data = checkedPersonRecord(difficultyRecognition, ctx, person, {
    ...lifecycle,
    ...firstRevision(ctx, districtCode),
    servicePointId: input.servicePointId,
    staffId: ctx.staffId,
  });
  const [row] = await tx
    .insert(difficultyRecognitions)
    .values({
      id: data.id,
      personId: person.id,
      state: "applied",
      appliedOn: lifecycle.appliedOn,
      unemploymentRegistrationId: lifecycle.unemploymentRegistrationId ?? null,
      data,
      createdBy: ctx.staffId,
    })
    .returning();
  await publishPersonRecord(ctx, difficultyRecognition, person, data, {
    action: "create",
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
