import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { serviceRecordIntake } from "../../use-cases/intake/kinds/services.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { PersonView } from "../shared.js";

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

/** POST /v1/service-records, PUT /v1/service-records/{id}. */
export function registerPostServiceRecord(app: App): void {
  registerIntakeRoutes(app, {
    intake: serviceRecordIntake,
    path: "/v1/service-records",
    tags: ["Services 服务记录"],
    inputName: "ServiceRecordInput",
    view: ServiceView,
    present: (c, { row, person }) => ({
      id: row.id,
      revision: row.revision,
      serviceType: row.serviceType,
      channel: (row.data as { channel: string }).channel,
      servicePointId: row.servicePointId,
      staffId: row.staffId,
      servedAt: row.servedAt.toISOString(),
      person: presentForCase(c, person),
    }),
    post: {
      summary: "Record a service given to a person (职业指导, 推荐岗位, 推荐培训, 见习...)",
      description:
        "Who (the person), where (an active service point of the network), by whom (the caller), how (desk, " +
        "phone, online 一网通办, on-site) and when (not in the future). Counts towards the person's 131. " +
        "An internship offer (internship-placement, 就业见习) only for a graduate within 2 years of leaving school " +
        "(a college-graduate ledger line whose graduatedOn is at most 2 years before the day served, the 2nd " +
        "anniversary included) or registered unemployed youth aged 16–24 on that day (a registration of this node " +
        "registered by then and not closed; age from the ID number); otherwise 422 not-eligible-for-internship " +
        "at serviceType. The day is servedAt's date in China.",
    },
    put: {
      summary: "Correct a service record (服务记录更正)",
      description:
        "The rules of the POST on the whole record; who served stays the staff member of the first revision, " +
        "and an omitted servicePointId or servedAt keeps the record's.",
    },
  });
}
