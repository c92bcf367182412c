import { z } from "@hono/zod-openapi";
import { ServiceChannel, ServicePointId, ServiceType, Shortfall131 } from "@pes/schemas";
import { PersonView } from "../shared.js";

export const tags = ["Work list 今日走访"];

export const WorkListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .openapi({ description: "How many, the most urgent first (at most 1000)" }),
});

export const WorkItemView = z
  .object({
    noticeId: z.uuid().openapi({ description: "The province's service-needed notice" }),
    revision: z.number().int(),
    reasons: z.array(z.string()).openapi({
      description: "131-shortfall, zero-employment-family, graduate-without-contact, difficulty-unemployed",
    }),
    keyGroups: z.array(z.string()),
    shortfall131: Shortfall131.nullable().openapi({
      description: "What is still owed of 131: 1 guidance, 3 recommendations, 1 training or internship",
    }),
    areaCode: z.string().openapi({
      description:
        "Where the person lives: the node's own record of them (community best), else the province's notice (often the district)",
    }),
    dueBy: z.string().nullable(),
    noticedAt: z.string(),
    contactMobile: z.string().nullable().openapi({ description: "Masked" }),
    person: PersonView.nullable().openapi({
      description: "The node's person, masked (a list); null when the node does not hold them",
    }),
  })
  .openapi("WorkItem");

export const WorkListView = z
  .object({
    total: z.number().int().openapi({ description: "Open needs within your area, all of them" }),
    items: z.array(WorkItemView),
  })
  .openapi("WorkList");

export const VisitBody = z
  .object({
    serviceType: ServiceType,
    channel: ServiceChannel.default("on-site"),
    servicePointId: ServicePointId.optional().openapi({ description: "Defaults to yours" }),
  })
  .openapi("WorkListVisit");
