import { jsonSchemaRules } from "../checks.js";
import { defineRecord } from "../definition.js";
import { IsoDate } from "../values/dates.js";
import { KeyGroup, KeyGroupSource } from "../values/enums.js";
import { freeText } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject, requireOrder } from "./common.js";

export const KeyGroupMembership = jsonSchemaRules(
  personRecordObject({
    group: KeyGroup,
    startedOn: IsoDate,
    endedOn: IsoDate.optional().meta({ description: "Set when the person leaves the ledger" }),
    source: KeyGroupSource,
    graduatedOn: IsoDate.optional().meta({
      description: "college-graduate: the date the person left school",
    }),
    note: freeText(200, "The note").optional(),
  })
    .superRefine((r, ctx) =>
      requireOrder(ctx, r.startedOn, r.endedOn, "endedOn", "endedOn is before startedOn"),
    )
    .meta({ description: "A line of a key-group real-name ledger (重点群体实名台账)" }),
  { checks: ["date-order"] },
);

export const keyGroupMembership = defineRecord({
  name: "key-group-membership",
  version: 1,
  title: "Key-group membership",
  titleZh: "重点群体实名台账",
  schema: KeyGroupMembership,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
