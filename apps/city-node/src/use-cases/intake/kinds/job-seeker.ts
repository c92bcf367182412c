import { IsoDate, JobSeekerRegistration, Mobile } from "@pes/schemas";
import { z } from "zod";
import { jobSeekerRegistrations } from "../../../db/tables/registrations.js";
import { type JobSeekerRow, registerJobSeeker, reviseJobSeeker } from "../../ledgers/job-seeker.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  deskFieldsOf,
  NODE_FILLED,
  PersonInput,
  SourceRecordId,
  samePersonAtDesk,
  servicePointOf,
  todayOf,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";

export const JobSeekerInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput.extend({
    phone: Mobile.meta({ description: "The job seeker's contact mobile (联系电话)" }),
  }),
  ...deskFieldsOf(JobSeekerRegistration.shape, [
    ...NODE_FILLED,
    "state",
    "contactMobile",
    "registeredOn",
    "servicePointId",
  ]),
  state: JobSeekerRegistration.shape.state.optional().meta({
    description:
      "active (the default) or closed, when the person found work or withdrew; a closed one stays closed",
  }),
  registeredOn: IsoDate.optional().meta({
    description: "Defaults to today (China time; on a revision: the registration's)",
  }),
  servicePointId: JobSeekerRegistration.shape.servicePointId.meta({
    description: "Defaults to the caller's service point (on a revision: the registration's)",
  }),
});
export type JobSeekerInput = z.output<typeof JobSeekerInput>;

/** 求职登记: the job seeker's profile and wishes; closing it is a revision of it. */
export const jobSeekerIntake = defineIntake<JobSeekerInput, { row: JobSeekerRow; person: PersonRow }>({
  kind: "job-seeker-registration",
  entity: "job-seeker-registration",
  input: JobSeekerInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { sourceRecordId: _, person: personInput, registeredOn, servicePointId, ...fields }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput, { ownsIdentity: true });
    const pointId = servicePointOf(ctx, servicePointId);
    const row = await registerJobSeeker(ctx, {
      person,
      phone: personInput.phone,
      record: {
        ...fields,
        registeredOn: registeredOn ?? todayOf(ctx),
        ...(pointId ? { servicePointId: pointId } : {}),
      },
      districtCode,
    });
    return { row, person };
  },
  load: (ctx, id) =>
    loadPersonRecord(ctx, jobSeekerRegistrations, id, notFoundOf("job-seeker-registration", id)),
  async revise(
    ctx,
    current,
    { sourceRecordId: _, person: personInput, registeredOn, servicePointId, ...fields },
  ) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput, {
      ownsIdentity: true,
    });
    const before = current.row.data as { registeredOn: string; servicePointId?: string };
    const pointId = servicePointId ?? before.servicePointId;
    const row = await reviseJobSeeker(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      phone: personInput.phone,
      record: {
        ...fields,
        registeredOn: registeredOn ?? before.registeredOn,
        ...(pointId ? { servicePointId: pointId } : {}),
      },
      districtCode,
    });
    return { row, person };
  },
});
