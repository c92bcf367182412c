import { z } from "zod";
import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { FujianDivisionCode } from "../values/divisions.js";
import { ServicePointId } from "../values/identifiers.js";
import { recordObject } from "./common.js";

const Count = z.number().int().min(0).max(100_000_000);

/**
 * 公共就业服务网络: the city's streets and communities and its service points with their staff, as
 * the node holds them; each revision replaces the last. What the province assesses coverage (村/社区
 * 覆盖率) and staffing with; counts only, no names of staff.
 */
export const ServiceNetwork = recordObject({
  asOf: Timestamp.meta({ description: "When the node took this picture of its network" }),
  divisions: z
    .array(
      z.object({
        code: FujianDivisionCode.meta({
          description: "A street/town (9 digits) or a community/village (12 digits)",
        }),
        population: Count.optional().meta({ description: "常住人口, when the city knows it" }),
      }),
    )
    .max(20_000),
  servicePoints: z
    .array(
      z.object({
        id: ServicePointId,
        kind: z
          .enum(["public", "market-run", "gig-station"])
          .meta({ description: "公办 / 市场化 / 零工驿站" }),
        divisionCode: FujianDivisionCode,
        active: z.boolean(),
        staff: Count.meta({ description: "Active staff members attached to the point" }),
      }),
    )
    .max(20_000),
}).meta({ description: "公共就业服务网络: the city's divisions and service points with their staff counts" });
export type ServiceNetwork = z.output<typeof ServiceNetwork>;

export const serviceNetwork = defineRecord({
  name: "service-network",
  version: 1,
  title: "Service network",
  titleZh: "公共就业服务网络",
  schema: ServiceNetwork,
  topic: "cityMaster",
  key: (r: { cityCode: string }) => r.cityCode,
  keyDescription: "cityCode: one network per city, its revisions in order",
  subject: (r: { id: string }) => r.id,
});
