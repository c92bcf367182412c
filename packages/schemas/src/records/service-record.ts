import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { ServiceChannel, ServiceType, ServiceTypeV1 } from "../values/enums.js";
import { freeText, RecordId, ServicePointId, StaffId } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject } from "./common.js";

const serviceFields = {
  channel: ServiceChannel,
  servicePointId: ServicePointId,
  staffId: StaffId,
  servedAt: Timestamp,
  relatedRecordId: RecordId.optional().meta({
    description: "The vacancy recommended, the training referred to, ...",
  }),
  note: freeText(500, "The note").optional().meta({ description: "What was done; no further personal data" }),
};

/** Version 1, still accepted from the topics; producers publish the current version. */
export const ServiceRecordV1 = personRecordObject({ serviceType: ServiceTypeV1, ...serviceFields }).meta({
  description: "One service given to a person: who, where, by whom, how and when",
});

export const ServiceRecord = personRecordObject({ serviceType: ServiceType, ...serviceFields }).meta({
  description:
    "One service given to a person: who, where, by whom, how and when. Version 2 adds the service types " +
    "policy-handling (政策经办) and job-application (求职申请)",
});

const serviceRecordOf = {
  name: "service-record",
  title: "Service record",
  titleZh: "服务记录",
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
} as const;

export const serviceRecordV1 = defineRecord({ ...serviceRecordOf, version: 1, schema: ServiceRecordV1 });

export const serviceRecord = defineRecord({ ...serviceRecordOf, version: 2, schema: ServiceRecord });
