import { TrainingRecord } from "@pes/schemas";
import { z } from "zod";
import { trainingRecords } from "../../../db/tables/services.js";
import { recordTraining, reviseTraining, type TrainingRow } from "../../ledgers/services.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  deskFieldsOf,
  PersonInput,
  RECORD_FILLED,
  SourceRecordId,
  samePersonAtDesk,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";

export const TrainingInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput,
  ...deskFieldsOf(TrainingRecord.shape, RECORD_FILLED),
});
export type TrainingInput = z.output<typeof TrainingInput>;

/** 培训记录: enrolment, then completion (合格), subsidy and certificate as revisions of the same record. */
export const trainingIntake = defineIntake<TrainingInput, { row: TrainingRow; person: PersonRow }>({
  kind: "training-record",
  entity: "training-record",
  input: TrainingInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { sourceRecordId: _, person: personInput, ...record }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput);
    return { row: await recordTraining(ctx, { person, record, districtCode }), person };
  },
  load: (ctx, id) => loadPersonRecord(ctx, trainingRecords, id, notFoundOf("training-record", id)),
  async revise(ctx, current, { sourceRecordId: _, person: personInput, ...record }) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput);
    const row = await reviseTraining(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record,
      districtCode,
    });
    return { row, person };
  },
});
