import { ServicePointId, ServiceRating, ServiceRecord, Timestamp } from "@pes/schemas";
import { z } from "zod";
import { serviceRatings, serviceRecords } from "../../../db/tables/services.js";
import { DomainRuleError } from "../../../domain/index.js";
import {
  type RatingRow,
  recordRating,
  recordService,
  reviseRating,
  reviseService,
  type ServiceRow,
} from "../../ledgers/services.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  deskFieldsOf,
  NODE_FILLED,
  PersonInput,
  RECORD_FILLED,
  SourceRecordId,
  samePersonAtDesk,
  servicePointOf,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";
import type { IntakeContext } from "../types.js";

export const ServiceRecordInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput,
  ...deskFieldsOf(ServiceRecord.shape, [...NODE_FILLED, "servicePointId", "servedAt"]),
  servicePointId: ServicePointId.optional().meta({
    description: "Defaults to the caller's service point (on a revision: the record's)",
  }),
  servedAt: Timestamp.optional().meta({ description: "Defaults to now (on a revision: the record's)" }),
});
export type ServiceRecordInput = z.output<typeof ServiceRecordInput>;

function pointOf(ctx: IntakeContext, given: string | undefined): string {
  const pointId = servicePointOf(ctx, given);
  if (!pointId)
    throw new DomainRuleError("service-point-missing", "Name the service point giving the service", {
      field: "servicePointId",
    });
  return pointId;
}

/** 服务记录: who was served, where, by whom, how and when. */
export const serviceRecordIntake = defineIntake<ServiceRecordInput, { row: ServiceRow; person: PersonRow }>({
  kind: "service-record",
  entity: "service-record",
  input: ServiceRecordInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { sourceRecordId: _, person: personInput, servicePointId, servedAt, ...fields }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput);
    const record = {
      ...fields,
      servicePointId: pointOf(ctx, servicePointId),
      servedAt: servedAt ?? new Date().toISOString(),
    };
    return { row: await recordService(ctx, { person, record, districtCode }), person };
  },
  load: (ctx, id) => loadPersonRecord(ctx, serviceRecords, id, notFoundOf("service-record", id)),
  async revise(
    ctx,
    current,
    { sourceRecordId: _, person: personInput, servicePointId, servedAt, ...fields },
  ) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput);
    const record = {
      ...fields,
      servicePointId: servicePointId ?? current.row.servicePointId,
      servedAt: servedAt ?? (current.row.data as { servedAt: string }).servedAt,
    };
    const row = await reviseService(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record,
      districtCode,
    });
    return { row, person };
  },
});

export const RatingInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput.meta({ description: "The person who rates (real-name 实名评价)" }),
  ...deskFieldsOf(ServiceRating.shape, [...RECORD_FILLED, "ratedAt"]),
  ratedAt: Timestamp.optional().meta({ description: "Defaults to now (on a revision: the record's)" }),
});
export type RatingInput = z.output<typeof RatingInput>;

/** 好差评: a real-name rating of a service. */
export const ratingIntake = defineIntake<RatingInput, { row: RatingRow; person: PersonRow }>({
  kind: "service-rating",
  entity: "service-rating",
  input: RatingInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { sourceRecordId: _, person: personInput, ratedAt, ...fields }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput);
    const record = { ...fields, ratedAt: ratedAt ?? new Date().toISOString() };
    return { row: await recordRating(ctx, { person, record, districtCode }), person };
  },
  load: (ctx, id) => loadPersonRecord(ctx, serviceRatings, id, notFoundOf("service-rating", id)),
  async revise(ctx, current, { sourceRecordId: _, person: personInput, ratedAt, ...fields }) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput);
    const record = { ...fields, ratedAt: ratedAt ?? (current.row.data as { ratedAt: string }).ratedAt };
    const row = await reviseRating(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record,
      districtCode,
    });
    return { row, person };
  },
});
