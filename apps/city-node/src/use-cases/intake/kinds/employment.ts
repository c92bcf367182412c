import { EmploymentRegistration, IsoDate } from "@pes/schemas";
import { z } from "zod";
import { employmentRegistrations } from "../../../db/tables/registrations.js";
import { type EmploymentRow, registerEmployment, reviseEmployment } from "../../ledgers/employment.js";
import type { UnemploymentRow } from "../../ledgers/unemployment.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  deskFieldsOf,
  NODE_FILLED,
  PersonInput,
  SourceRecordId,
  samePersonAtDesk,
  todayOf,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";

export const FemaleCategory = z
  .enum(["cadre", "worker"])
  .optional()
  .meta({
    description:
      "For women: 原法定退休年龄55岁 (cadre) or 50岁 (worker, the default); sets the retirement age the " +
      "working-age check uses",
  });

export const EmploymentInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput.extend({ femaleCategory: FemaleCategory }),
  ...deskFieldsOf(EmploymentRegistration.shape, NODE_FILLED),
  registeredOn: IsoDate.optional().meta({
    description: "Defaults to today (China time; on a revision: the registration's)",
  }),
});
export type EmploymentInput = z.output<typeof EmploymentInput>;

export interface EmploymentRecord {
  row: EmploymentRow;
  person: PersonRow;
  /** The unemployment registration the new employment closed, if any. */
  closedRegistration?: UnemploymentRow | undefined;
}

/** 就业登记: a job, and later its end (endedOn) as a revision of it. */
export const employmentIntake = defineIntake<EmploymentInput, EmploymentRecord>({
  kind: "employment-registration",
  entity: "employment-registration",
  input: EmploymentInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { sourceRecordId: _, person: { femaleCategory, ...personInput }, ...fields }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput, { ownsIdentity: true });
    const result = await registerEmployment(ctx, {
      person,
      record: {
        ...fields,
        registeredOn: fields.registeredOn ?? todayOf(ctx),
        ...(districtCode ? { districtCode: districtCode as never } : {}),
      },
      femaleCategory,
    });
    return { row: result.row, person, closedRegistration: result.closedRegistration };
  },
  load: (ctx, id) =>
    loadPersonRecord(ctx, employmentRegistrations, id, notFoundOf("employment-registration", id)),
  async revise(ctx, current, { sourceRecordId: _, person: { femaleCategory, ...personInput }, ...fields }) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput, {
      ownsIdentity: true,
    });
    const row = await reviseEmployment(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record: {
        ...fields,
        registeredOn: fields.registeredOn ?? (current.row.data as { registeredOn: string }).registeredOn,
        ...(districtCode ? { districtCode: districtCode as never } : {}),
      },
      femaleCategory,
    });
    return { row, person };
  },
});
