import { DomainError, districtOf } from "@pes/core";
import { FujianDivisionCode, IsoDate, VacancyRegistration } from "@pes/schemas";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { vacancyRegistrations } from "../../../db/tables/registrations.js";
import { assertInArea } from "../../../domain/index.js";
import { registerVacancy, reviseVacancy, type VacancyRow } from "../../ledgers/vacancy.js";
import { defineIntake } from "../define.js";
import { assertEnterpriseInArea, deskFieldsOf, SourceRecordId, servicePointOf, todayOf } from "../desk.js";
import { notFoundOf } from "../load.js";

export const VacancyInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  divisionCode: FujianDivisionCode.meta({
    description:
      "Where the employer is (district, street or community): decides whose jurisdiction the vacancy is in",
  }),
  ...deskFieldsOf(VacancyRegistration.shape, [
    "id",
    "revision",
    "cityCode",
    "districtCode",
    "recordedAt",
    "staffId",
    "status",
    "registeredOn",
    "servicePointId",
  ]),
  status: VacancyRegistration.shape.status.optional().meta({
    description: "open (the default), or closed when the employer stops recruiting",
  }),
  registeredOn: IsoDate.optional().meta({
    description: "Defaults to today (China time; on a revision: the registration's)",
  }),
  servicePointId: VacancyRegistration.shape.servicePointId.meta({
    description: "Defaults to the caller's service point (on a revision: the registration's)",
  }),
});
export type VacancyInput = z.output<typeof VacancyInput>;

/** 招聘登记: an employer's vacancies, on the city's master topic; revised as recruiting goes on. */
export const vacancyIntake = defineIntake<VacancyInput, { row: VacancyRow }>({
  kind: "vacancy-registration",
  entity: "vacancy-registration",
  input: VacancyInput,
  async create(ctx, { sourceRecordId: _, divisionCode, registeredOn, servicePointId, ...fields }) {
    assertEnterpriseInArea(ctx, divisionCode);
    const pointId = servicePointOf(ctx, servicePointId);
    const row = await registerVacancy(ctx, {
      record: {
        ...fields,
        registeredOn: registeredOn ?? todayOf(ctx),
        ...(pointId ? { servicePointId: pointId } : {}),
      },
      employerDivisionCode: divisionCode,
      districtCode: districtOf(divisionCode),
    });
    return { row };
  },
  async load(ctx, id) {
    const [row] = await ctx.db
      .select()
      .from(vacancyRegistrations)
      .where(eq(vacancyRegistrations.id, id))
      .for("update");
    const notFound = notFoundOf("vacancy-registration", id);
    if (!row) throw new DomainError("not_found", notFound.code, notFound.message);
    const division = row.divisionCode ?? (row.data as { districtCode?: string }).districtCode ?? ctx.cityCode;
    assertInArea(ctx.caller, division, notFound);
    return { row };
  },
  async revise(ctx, current, { sourceRecordId: _, divisionCode, registeredOn, servicePointId, ...fields }) {
    assertEnterpriseInArea(ctx, divisionCode);
    const before = current.row.data as { registeredOn: string; servicePointId?: string };
    const pointId = servicePointId ?? before.servicePointId;
    const row = await reviseVacancy(ctx, {
      current: current.row,
      record: {
        ...fields,
        registeredOn: registeredOn ?? before.registeredOn,
        ...(pointId ? { servicePointId: pointId } : {}),
      },
      employerDivisionCode: divisionCode,
      districtCode: districtOf(divisionCode),
    });
    return { row };
  },
});
