import type { z } from "zod";
import type { DefinedRecord } from "../definition.js";
import { declaredIndicatorValue } from "./declared-indicator-value.js";
import { difficultyRecognition } from "./difficulty-recognition.js";
import { employmentRegistration } from "./employment-registration.js";
import {
  registrationClosureInstruction,
  serviceNeededNotice,
  voucherNotice,
  workNeededNotice,
} from "./flowback.js";
import { gigPlacement, gigPosting, gigRating } from "./gig.js";
import { jobSeekerRegistration } from "./job-seeker-registration.js";
import { keyGroupMembership } from "./key-group-membership.js";
import { serviceRating } from "./service-rating.js";
import { serviceRecord } from "./service-record.js";
import { trainingRecord } from "./training-record.js";
import { unemploymentRegistration } from "./unemployment-registration.js";
import { vacancyRegistration } from "./vacancy-registration.js";
import { voucherEvent } from "./voucher-event.js";
import { zeroEmploymentFamily } from "./zero-employment-family.js";

export * from "./common.js";
export * from "./declared-indicator-value.js";
export * from "./difficulty-recognition.js";
export * from "./employment-registration.js";
export * from "./flowback.js";
export * from "./gig.js";
export * from "./job-seeker-registration.js";
export * from "./key-group-membership.js";
export * from "./service-rating.js";
export * from "./service-record.js";
export * from "./training-record.js";
export * from "./unemployment-registration.js";
export * from "./vacancy-registration.js";
export * from "./voucher-event.js";
export * from "./zero-employment-family.js";

/** Every definition with its literal name, for typed look-ups. */
export const recordDefinitions = [
  unemploymentRegistration,
  employmentRegistration,
  jobSeekerRegistration,
  vacancyRegistration,
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
] as const;

export type RecordName = (typeof recordDefinitions)[number]["name"];
export type DefinitionOf<N extends RecordName> = Extract<(typeof recordDefinitions)[number], { name: N }>;
/** The parsed record of a type, e.g. RecordData<"service-record">. */
export type RecordData<N extends RecordName> = z.output<DefinitionOf<N>["schema"]>;
/** What a producer may hand to encodeEvent (before trimming and normalising). */
export type RecordInput<N extends RecordName> = z.input<DefinitionOf<N>["schema"]>;

/** Every record type of the contract, in one list: the registry, the docs generator and the tests read it. */
export const allRecords: DefinedRecord[] = [...recordDefinitions];
