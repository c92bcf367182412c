import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, IdempotencyHeaders, problemResponse } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { assertInArea } from "../../domain/index.js";
import { deskPersonOf, openNeed } from "../../use-cases/feedback/work-list.js";
import { serviceRecordIntake } from "../../use-cases/intake/kinds/services.js";
import { answer, inTransaction } from "../intake.js";
import { refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { tags, VisitBody } from "./schema.js";

const Recorded = z
  .object({ serviceRecordId: z.uuid(), noticeId: z.uuid(), serviceType: z.string(), servedAt: z.string() })
  .openapi("WorkListVisitRecorded");

const route = defineRoute({
  method: "post",
  path: "/v1/work-list/{noticeId}/services",
  tags,
  summary: "Record the visit or service given to a person of the work list (one click at the console)",
  description:
    "A service record for the notice's person, as POST /v1/service-records would make it (the same rules; published to the province, which counts it and sends the need resolved once it is met). The person's identity stays at the node: the caller never needs it in clear.",
  access: staff,
  request: {
    params: z.object({ noticeId: z.uuid() }),
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: VisitBody } } },
  },
  responses: {
    201: { description: "Recorded", content: { "application/json": { schema: Recorded } } },
    ...errorResponses,
    404: problemResponse("No open need of this id within your area"),
    409: problemResponse(
      "The node does not hold this person: record the service at the desk with their ID number",
    ),
    422: problemResponse("A rule of service records refused it; `errors[].path` names the field"),
  },
});

const notFound = (noticeId: string) => ({
  code: "need-not-found",
  message: `No open need ${noticeId} in your area`,
});

export function registerWorkListVisit(app: App): void {
  app.openapi(route, async (c) => {
    const { noticeId } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db, vault } = c.get("services");
    const need = await openNeed(db.db, noticeId);
    if (!need) throw new DomainError("not_found", notFound(noticeId).code, notFound(noticeId).message);
    // Outside the caller's area: the same 404 as none, and the attempt audited.
    await refusalsAudited(c, "work-list", { entityId: noticeId }, () =>
      withRules(async () => assertInArea(c.get("caller"), need.areaCode, notFound(noticeId))),
    );
    if (!need.person)
      throw new DomainError(
        "conflict",
        "person-not-at-node",
        "The province knows this person from elsewhere; record the service at the desk with their ID number",
      );
    const input = { person: deskPersonOf(vault, need.person), ...body };
    const applied = await inTransaction(
      c,
      serviceRecordIntake.entity,
      serviceRecordIntake.names?.(input),
      (ctx) => serviceRecordIntake.apply(ctx, input),
    );
    const row = applied.record.row;
    return answer(
      c,
      applied,
      {
        serviceRecordId: row.id,
        noticeId,
        serviceType: row.serviceType,
        servedAt: row.servedAt.toISOString(),
      },
      "/v1/service-records",
    ) as never;
  });
}
