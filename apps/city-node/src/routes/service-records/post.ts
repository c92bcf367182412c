import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { ServicePointId, ServiceRecord, Timestamp } from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { DomainRuleError } from "../../domain/index.js";
import { recordService } from "../../use-cases/ledgers/services.js";
import { atTheDesk, presentForCase } from "../person-desk.js";
import { deskFieldsOf, NODE_FILLED, PersonInput, PersonView } from "../shared.js";

const Body = z
  .object({
    person: PersonInput,
    ...deskFieldsOf(ServiceRecord.shape, [...NODE_FILLED, "servicePointId", "servedAt"]),
    servicePointId: ServicePointId.optional().meta({ description: "Defaults to the caller's service point" }),
    servedAt: Timestamp.optional().meta({ description: "Defaults to now" }),
  })
  .openapi("ServiceRecordInput");

const ServiceView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    serviceType: z.string(),
    channel: z.string(),
    servicePointId: z.string(),
    staffId: z.string(),
    servedAt: z.string(),
    person: PersonView,
  })
  .openapi("ServiceRecord");

const route = defineRoute({
  method: "post",
  path: "/v1/service-records",
  tags: ["Services 服务记录"],
  summary: "Record a service given to a person (职业指导, 推荐岗位, 推荐培训, 见习...)",
  description:
    "Who (the person), where (an active service point of the network), by whom (the caller), how (desk, " +
    "phone, online 一网通办, on-site) and when (not in the future). Counts towards the person's 131. " +
    "An internship offer (internship-placement, 就业见习) only for a graduate within 2 years of leaving school " +
    "(a college-graduate ledger line whose graduatedOn is at most 2 years before the day served, the 2nd " +
    "anniversary included) or registered unemployed youth aged 16–24 on that day (a registration of this node " +
    "registered by then and not closed; age from the ID number); otherwise 422 not-eligible-for-internship " +
    "at serviceType. The day is servedAt's date in China.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Recorded", content: { "application/json": { schema: ServiceView } } },
    ...errorResponses,
  },
});

export function registerPostServiceRecord(app: App): void {
  app.openapi(route, async (c) => {
    const { person: personInput, servicePointId, servedAt, ...fields } = c.req.valid("json");
    const pointId = servicePointId ?? c.get("caller").servicePointId;
    const { row, person } = await atTheDesk(
      c,
      personInput,
      { entity: "service-record" },
      async ({ ctx, person, districtCode }) => {
        if (!pointId) {
          throw new DomainRuleError("service-point-missing", "Name the service point giving the service", {
            field: "servicePointId",
          });
        }
        const input = { ...fields, servicePointId: pointId, servedAt: servedAt ?? new Date().toISOString() };
        return { row: await recordService(ctx, { person, record: input, districtCode }) };
      },
    );
    return c.json(
      {
        id: row.id,
        revision: row.revision,
        serviceType: row.serviceType,
        channel: (row.data as { channel: string }).channel,
        servicePointId: row.servicePointId,
        staffId: row.staffId,
        servedAt: row.servedAt.toISOString(),
        person: presentForCase(c, person),
      },
      201,
    );
  });
}
