import {
  EducationLevel,
  IndustryCode,
  IsoDate,
  KeyGroup,
  RegistrationPlace,
  ServicePointId,
  UnemploymentCloseReason,
} from "@pes/schemas";
import { z } from "zod";
import { unemploymentRegistrations } from "../../../db/tables/registrations.js";
import {
  type Application,
  applyForRegistration,
  reviseRegistration,
  type UnemploymentRow,
} from "../../ledgers/unemployment.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import { admitAtDesk, PersonInput, SourceRecordId, samePersonAtDesk, todayOf } from "../desk.js";
import { loadPersonRecord } from "../load.js";
import type { IntakeContext } from "../types.js";

export const UnemploymentInput = z
  .object({
    sourceRecordId: SourceRecordId.optional(),
    person: PersonInput.extend({
      femaleCategory: z.enum(["cadre", "worker"]).optional().meta({
        description:
          "For women: 原法定退休年龄55岁 (cadre) or 50岁 (worker, the default); sets the retirement age",
      }),
    }),
    ableToWork: z.boolean().meta({ description: "有劳动能力" }),
    wantsWork: z.boolean().meta({ description: "有就业愿望" }),
    currentlyEmployed: z
      .boolean()
      .meta({ description: "In work now, including self-employment and flexible work" }),
    placeBasis: RegistrationPlace,
    servicePointId: ServicePointId,
    appliedOn: IsoDate.optional().meta({
      description: "Defaults to today (China time; on a revision: the application's, which stays)",
    }),
    unemployedSince: IsoDate.optional(),
    education: EducationLevel.optional(),
    residenceAddress: z.string().max(200).optional(),
    keyGroups: z.array(KeyGroup).max(10).optional(),
    lastJobIndustry: IndustryCode.optional().meta({
      description:
        "所属行业 of the person's last job (GB/T 4754, e.g. C or C3911): the province watches unemployment by industry",
    }),
    registeredOn: IsoDate.optional().meta({
      description:
        "Where the record stands, for a city system's record or a revision: registered (办结) on this day. " +
        "Left out on a new application; once set it stays",
    }),
    closeReason: UnemploymentCloseReason.optional().meta({
      description:
        "…and closed (注销) for this reason (withdrawn, employed… as POST …/{id}/close); a closed one stays",
    }),
    closedOn: IsoDate.optional().meta({ description: "The day it closed; defaults to today (China time)" }),
    closeNote: z.string().max(200).optional().meta({ description: "Kept with the closure" }),
  })
  .superRefine((b, ctx) => {
    if ((b.closedOn !== undefined || b.closeNote !== undefined) && b.closeReason === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["closeReason"],
        message: "A closed registration needs its closeReason",
      });
  });
export type UnemploymentInput = z.output<typeof UnemploymentInput>;

/** The form as the ledger takes it; appliedOn and closedOn defaulted as `defaults` say. */
function applicationOf(
  ctx: IntakeContext,
  input: UnemploymentInput,
  districtCode: string | undefined,
  defaults: { appliedOn: string; closedOn?: string | undefined },
): Application {
  return {
    femaleCategory: input.person.femaleCategory,
    ableToWork: input.ableToWork,
    wantsWork: input.wantsWork,
    currentlyEmployed: input.currentlyEmployed,
    placeBasis: input.placeBasis,
    servicePointId: input.servicePointId,
    appliedOn: input.appliedOn ?? defaults.appliedOn,
    districtCode,
    extra: {
      unemployedSince: input.unemployedSince,
      education: input.education,
      residenceAddress: input.residenceAddress,
      keyGroups: input.keyGroups,
      lastJobIndustry: input.lastJobIndustry,
    },
    registeredOn: input.registeredOn,
    close: input.closeReason
      ? {
          reason: input.closeReason,
          on: input.closedOn ?? defaults.closedOn ?? todayOf(ctx),
          note: input.closeNote,
        }
      : undefined,
  };
}

/** 失业登记: the application, and where it stands (registered, closed) as revisions of it. */
export const unemploymentIntake = defineIntake<
  UnemploymentInput,
  { row: UnemploymentRow; person: PersonRow }
>({
  kind: "unemployment-registration",
  entity: "unemployment-registration",
  input: UnemploymentInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, input) {
    const { femaleCategory: _, ...personInput } = input.person;
    const { person, districtCode } = await admitAtDesk(ctx, personInput, { ownsIdentity: true });
    const record = applicationOf(ctx, input, districtCode, { appliedOn: todayOf(ctx) });
    return { row: await applyForRegistration(ctx, { person, record }), person };
  },
  load: (ctx, id) =>
    loadPersonRecord(ctx, unemploymentRegistrations, id, {
      code: "registration-not-found",
      message: `No unemployment registration ${id}`,
    }),
  async revise(ctx, current, input) {
    const { femaleCategory: _, ...personInput } = input.person;
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput, {
      ownsIdentity: true,
    });
    const before = current.row.data as { appliedOn: string; closedOn?: string };
    const record = applicationOf(ctx, input, districtCode, {
      appliedOn: before.appliedOn,
      closedOn: before.closedOn,
    });
    const row = await reviseRegistration(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record,
    });
    return { row, person };
  },
});
