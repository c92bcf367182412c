import { KeyGroupMembership, ServicePointId } from "@pes/schemas";
import { z } from "zod";
import { keyGroupMemberships } from "../../../db/tables/key-groups.js";
import { type MembershipRow, recordMembership, reviseMembership } from "../../ledgers/key-groups.js";
import type { PersonRow } from "../../persons/store.js";
import { defineIntake } from "../define.js";
import {
  admitAtDesk,
  deskFieldsOf,
  PersonInput,
  RECORD_FILLED,
  SourceRecordId,
  samePersonAtDesk,
  servicePointOf,
} from "../desk.js";
import { loadPersonRecord, notFoundOf } from "../load.js";

export const MembershipInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  person: PersonInput,
  ...deskFieldsOf(KeyGroupMembership.shape, RECORD_FILLED),
  servicePointId: ServicePointId.optional().meta({
    description:
      "The service point that follows the person up (131 for graduates); defaults to the caller's (on a revision: the line's)",
  }),
});
export type MembershipInput = z.output<typeof MembershipInput>;

/** 重点群体实名台账: a line of a key-group ledger; leaving the group (endedOn) is a revision of it. */
export const keyGroupIntake = defineIntake<MembershipInput, { row: MembershipRow; person: PersonRow }>({
  kind: "key-group-membership",
  entity: "key-group-membership",
  input: MembershipInput,
  names: (input) => ({ idNumber: input.person.idNumber }),
  async create(ctx, { sourceRecordId: _, person: personInput, servicePointId, ...record }) {
    const { person, districtCode } = await admitAtDesk(ctx, personInput);
    const pointId = servicePointOf(ctx, servicePointId) ?? null;
    return {
      row: await recordMembership(ctx, { person, record, servicePointId: pointId, districtCode }),
      person,
    };
  },
  load: (ctx, id) => loadPersonRecord(ctx, keyGroupMemberships, id, notFoundOf("key-group-membership", id)),
  async revise(ctx, current, { sourceRecordId: _, person: personInput, servicePointId, ...record }) {
    const { person, districtCode } = await samePersonAtDesk(ctx, current.person, personInput);
    const row = await reviseMembership(ctx, {
      current: current.row,
      personBefore: current.person,
      person,
      record,
      servicePointId: servicePointId ?? current.row.servicePointId,
      districtCode,
    });
    return { row, person };
  },
});
