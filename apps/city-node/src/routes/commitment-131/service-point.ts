import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses } from "@pes/http";
import { ServicePointId } from "@pes/schemas";
import { eq } from "drizzle-orm";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { servicePoints } from "../../db/tables/network.js";
import {
  assertInArea,
  canAccess,
  canSeeClearPersonalData,
  progress131,
  shortfallsByServicePoint,
} from "../../domain/index.js";
import { audit } from "../../use-cases/audit/record.js";
import { coveredBy131 } from "../../use-cases/ledgers/commitment-131.js";
import { presentPerson } from "../../use-cases/persons/store.js";
import { useCaseContext } from "../context.js";
import { refusalsAudited } from "../person-desk.js";
import { withRules } from "../rule-errors.js";
import { purposeOf } from "../shared.js";
import { progressView, ServicePoint131View } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/commitment-131/service-points/{servicePointId}",
  tags: ["131 commitment 重点帮扶131"],
  summary: "Who a service point still owes which part of the 131 services (a list: personal data masked)",
  description:
    "Every registered unemployed person registered at the service point and every unemployed graduate it " +
    "follows up; the persons short of guidance, job recommendations or a training/internship offer. For staff " +
    "whose jurisdiction covers the service point.",
  access: staff,
  request: {
    params: z.object({ servicePointId: ServicePointId }),
  },
  responses: {
    200: {
      description: "The service point's shortfalls",
      content: { "application/json": { schema: ServicePoint131View } },
    },
    ...errorResponses,
  },
});

export function registerGetServicePoint131(app: App): void {
  app.openapi(route, async (c) => {
    const { db, vault } = c.get("services");
    const caller = c.get("caller");
    const { servicePointId } = c.req.valid("param");
    const [point] = await db.db.select().from(servicePoints).where(eq(servicePoints.id, servicePointId));
    const notFound = { code: "service-point-not-found", message: `No service point ${servicePointId}` };
    if (!point) throw new DomainError("not_found", notFound.code, notFound.message);
    // A service point outside the caller's area: the same 404 as none, and the attempt audited.
    await refusalsAudited(c, "commitment-131-service-point", { entityId: servicePointId }, () =>
      withRules(async () => assertInArea(caller, point.divisionCode, notFound)),
    );

    // Only the persons of the caller's area: a person registered here may since have moved (迁移) away.
    const covered = (await coveredBy131(useCaseContext(c, db.db), { servicePointId })).filter((p) =>
      canAccess(caller, p.person.divisionCode),
    );
    const [summary] = shortfallsByServicePoint(covered);
    const idOf = new Map(covered.map((p) => [p.personKey, p.person.id]));
    const ids = (keys: string[] = []) => keys.map((k) => idOf.get(k)!);
    const clear = canSeeClearPersonalData(caller.role, "list");
    const short = covered
      .map((p) => ({ p, progress: progress131(p.services, p.since) }))
      .filter(({ progress }) => !progress.complete)
      .map(({ p, progress }) => progressView(p, progress, presentPerson(p.person, vault, clear)));

    await audit(
      db.db,
      short.map((s) => ({
        staffId: caller.staffId,
        action: "read" as const,
        entity: "commitment-131-service-point",
        entityId: servicePointId,
        personId: s.person.id,
        purpose: purposeOf(c),
        requestId: c.get("requestId"),
      })),
    );
    return c.json(
      {
        servicePointId,
        covered: summary?.persons ?? 0,
        short: summary?.short ?? 0,
        shortOf: {
          guidance: ids(summary?.shortOf.guidance),
          jobRecommendations: ids(summary?.shortOf.jobRecommendations),
          trainingOrInternship: ids(summary?.shortOf.trainingOrInternship),
        },
        persons: short,
      },
      200,
    );
  });
}
