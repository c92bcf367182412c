import { DifficultyRecognition, IsoDate, ServicePointId } from "@pes/schemas";
import { z } from "zod";
import { difficultyRecognitions } from "../../../db/tables/difficulty.js";
import { DomainRuleError } from "../../../domain/index.js";
import {
  applyForDifficulty,
  type DifficultyRow,
  reviseDifficultyApplication,
} from "../../ledgers/difficulty.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  PersonInput,
  SourceRecordId,
  samePersonAtDesk,
  servicePointOf,
  todayOf,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";

export const DifficultyInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput,
  categories: DifficultyRecognition.shape.categories,
  appliedOn: IsoDate.optional().meta({
    description: "Defaults to today (China time; on a revision: the application's)",
  }),
  servicePointId: ServicePointId.optional().meta({
    description: "Defaults to the caller's service point (on a revision: the application's)",
  }),
});
export type DifficultyInput = z.output<typeof DifficultyInput>;

/** 就业困难人员认定申请: the application (the decision is its own route, by a supervisor). */
export const difficultyIntake = defineIntake<DifficultyInput, { row: DifficultyRow; person: PersonRow }>({
  kind: "difficulty-recognition",
  entity: "difficulty-recognition",
  input: DifficultyInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { person: personInput, categories, appliedOn, servicePointId }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput);
    const pointId = servicePointOf(ctx, servicePointId);
    if (!pointId)
      throw new DomainRuleError("service-point-missing", "Name the service point taking the application", {
        field: "servicePointId",
      });
    const record = { categories, appliedOn: appliedOn ?? todayOf(ctx), servicePointId: pointId };
    return { row: await applyForDifficulty(ctx, { person, record, districtCode }), person };
  },
  load: (ctx, id) =>
    loadPersonRecord(ctx, difficultyRecognitions, id, notFoundOf("difficulty-recognition", id)),
  async revise(ctx, current, { person: personInput, categories, appliedOn, servicePointId }) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput);
    const before = current.row.data as { appliedOn: string; servicePointId: string };
    const record = {
      categories,
      appliedOn: appliedOn ?? before.appliedOn,
      servicePointId: servicePointId ?? before.servicePointId,
    };
    const row = await reviseDifficultyApplication(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record,
      districtCode,
    });
    return { row, person };
  },
});
