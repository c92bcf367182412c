import type { z } from "zod";
import type { DefinedRecord } from "../definition.js";
import { declaredIndicatorValue } from "./declared-indicator-value.js";
import { difficultyRecognition } from "./difficulty-recognition.js";
import { employmentRegistration } from "./employment-registration.js";
import { enterpriseLayoffReport } from "./enterprise-layoff-report.js";
import {
  registrationClosureInstruction,
  serviceNeededNotice,
  voucherNotice,
  workNeededNotice,
} from "./flowback.js";
import { flowbackReceipt } from "./flowback-receipt.js";
import { gigPlacement, gigPosting, gigRating } from "./gig.js";
import { jobSeekerRegistration, jobSeekerRegistrationV1 } from "./job-seeker-registration.js";
import { keyGroupMembership } from "./key-group-membership.js";
import { recordRejectionNotice } from "./rejection-notice.js";
import { serviceNetwork } from "./service-network.js";
import { serviceRating } from "./service-rating.js";
import { serviceRecord, serviceRecordV1 } from "./service-record.js";
import { trainingRecord } from "./training-record.js";
import { unemploymentRegistration, unemploymentRegistrationV1 } from "./unemployment-registration.js";
import { vacancyRegistration, vacancyRegistrationV1 } from "./vacancy-registration.js";
import { voucherEvent } from "./voucher-event.js";
import { zeroEmploymentFamily } from "./zero-employment-family.js";

export * from "./common.js";
export * from "./declared-indicator-value.js";
export * from "./difficulty-recognition.js";
export * from "./employment-registration.js";
export * from "./enterprise-layoff-report.js";
export * from "./flowback.js";
export * from "./flowback-receipt.js";
export * from "./gig.js";
export * from "./job-seeker-registration.js";
export * from "./key-group-membership.js";
export * from "./personal.js";
export * from "./rejection-notice.js";
export * from "./service-network.js";
export * from "./service-rating.js";
export * from "./service-record.js";
export * from "./training-record.js";
export * from "./unemployment-registration.js";
export * from "./vacancy-registration.js";
export * from "./voucher-event.js";
export * from "./zero-employment-family.js";

/**
 * The current version of every record, one per name, with its literal name, for typed look-ups: what
 * producers publish. The unsuffixed export (`serviceRecord`, `ServiceRecord`) is always the current
 * version; an earlier one keeps its version in the name (`serviceRecordV1`) and is listed below.
 */
export const recordDefinitions = [
  unemploymentRegistration,
  employmentRegistration,
  jobSeekerRegistration,
  vacancyRegistration,
  enterpriseLayoffReport,
  serviceNetwork,
  keyGroupMembership,
  difficultyRecognition,
  zeroEmploymentFamily,
  serviceRecord,
  trainingRecord,
  serviceRating,
  voucherEvent,
  gigPosting,
  gigPlacement,
  gigRating,
  declaredIndicatorValue,
  registrationClosureInstruction,
  serviceNeededNotice,
  workNeededNotice,
  voucherNotice,
  recordRejectionNotice,
  flowbackReceipt,
] as const;

export type RecordName = (typeof recordDefinitions)[number]["name"];
export type DefinitionOf<N extends RecordName> = Extract<(typeof recordDefinitions)[number], { name: N }>;
/** The parsed record of a type, e.g. RecordData<"service-record">. */
export type RecordData<N extends RecordName> = z.output<DefinitionOf<N>["schema"]>;
/** What a producer may hand to encodeEvent (before trimming and normalising). */
export type RecordInput<N extends RecordName> = z.input<DefinitionOf<N>["schema"]>;

/**
 * Earlier versions consumers still decode (records of them may still be on the topics); never published.
 * A record gets a new version when a consumer of the old one would refuse or misread it: a new enum value, or a
 * field whose absence from an older producer must be told apart from its absence in the current version.
 */
export const supersededRecords = [
  unemploymentRegistrationV1,
  serviceRecordV1,
  jobSeekerRegistrationV1,
  vacancyRegistrationV1,
] as const;

/**
 * Every version of every record type of the contract, each earlier version just before its current one: the
 * registry (keyed by CloudEvents type), the docs generator and the tests read it.
 */
export const allRecords: DefinedRecord[] = recordDefinitions.flatMap((current): DefinedRecord[] => [
  ...supersededRecords.filter((r) => r.name === current.name).sort((a, b) => a.version - b.version),
  current,
]);
