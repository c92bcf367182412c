import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { ServiceChannel, ServiceType } from "../values/enums.js";
import { RecordId, ServicePointId, StaffId, text } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject } from "./common.js";

export const ServiceRecord = personRecordObject({
  serviceType: ServiceType,
  channel: ServiceChannel,
  servicePointId: ServicePointId,
  staffId: StaffId,
  servedAt: Timestamp,
  relatedRecordId: RecordId.optional().meta({
    description: "The vacancy recommended, the training referred to, ...",
  }),
  note: text(500, "The note").optional().meta({ description: "What was done; no further personal data" }),
}).meta({ description: "One service given to a person: who, where, by whom, how and when" });

export const serviceRecord = defineRecord({
  name: "service-record",
  version: 1,
  title: "Service record",
  titleZh: "服务记录",
  schema: ServiceRecord,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
