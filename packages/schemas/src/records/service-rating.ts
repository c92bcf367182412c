import { z } from "zod";
import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { RatingCategory } from "../values/enums.js";
import { freeText, RecordId, ServicePointId } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject } from "./common.js";

export const RatingValue = z.discriminatedUnion("scale", [
  z.object({
    scale: z.literal("five-point"),
    score: z.number().int().min(1, { error: "The score is 1 to 5" }).max(5, { error: "The score is 1 to 5" }),
  }),
  z.object({ scale: z.literal("satisfaction"), verdict: z.enum(["satisfied", "unsatisfied"]) }),
]);
export type RatingValue = z.output<typeof RatingValue>;

/** 好评: a satisfied verdict, or 3–5 points (非常满意, 满意, 基本满意); 差评 is 1–2. */
export function isSatisfied(rating: RatingValue): boolean {
  return rating.scale === "five-point" ? rating.score >= 3 : rating.verdict === "satisfied";
}

export const ServiceRating = personRecordObject({
  category: RatingCategory,
  rating: RatingValue,
  ratedAt: Timestamp,
  serviceRecordId: RecordId.optional(),
  servicePointId: ServicePointId.optional(),
  comment: freeText(500, "The comment").optional(),
}).meta({ description: "好差评: a real-name rating of a service" });

export const serviceRating = defineRecord({
  name: "service-rating",
  version: 1,
  title: "Service rating",
  titleZh: "好差评",
  schema: ServiceRating,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
