import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import type { Context } from "hono";
import { defineRoute, staff } from "../../auth/access.js";
import type { App, AppEnv } from "../../context.js";
import { accessRootOf } from "../../domain/index.js";
import { audit } from "../../use-cases/audit/record.js";
import { readWorkList } from "../../use-cases/feedback/work-list.js";
import { workListXlsx } from "../../use-cases/feedback/work-list-xlsx.js";
import { purposeOf } from "../shared.js";
import { tags, WorkListQuery, WorkListView } from "./schema.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const AREA =
  "Within your area: a clerk's division and below, a supervisor's district, a city admin's whole node. Personal data masked.";

const listRoute = defineRoute({
  method: "get",
  path: "/v1/work-list",
  tags,
  summary: "今日走访: whom the province says to serve, the most urgent first",
  description: `The open service-needed notices of 数据回流 (131 parts owed, zero-employment families not cleared, graduates not contacted, difficulty), earliest due day first. ${AREA} Record a visit with POST /v1/work-list/{noticeId}/services; the person leaves the list when the province says the need is met.`,
  access: staff,
  request: { query: WorkListQuery },
  responses: {
    200: { description: "The work list", content: { "application/json": { schema: WorkListView } } },
    ...errorResponses,
  },
});

const exportRoute = defineRoute({
  method: "get",
  path: "/v1/work-list.xlsx",
  tags,
  summary: "今日走访 as XLSX, for field work",
  description: AREA,
  access: staff,
  request: { query: WorkListQuery },
  responses: {
    200: {
      description: "The work list (XLSX)",
      content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses,
  },
});

/** The caller's work list, each person shown audited as a read of a list. */
async function auditedWorkList(c: Context<AppEnv>, limit: number, entity: string) {
  const { db, vault, config } = c.get("services");
  const caller = c.get("caller");
  const root = accessRootOf(caller);
  const list = await readWorkList(db.db, vault, {
    root: root && root !== config.cityCode ? root : undefined,
    limit,
  });
  await audit(
    db.db,
    list.items.flatMap((item) =>
      item.person
        ? [
            {
              staffId: caller.staffId,
              action: "read" as const,
              entity,
              entityId: item.noticeId,
              personId: item.person.id,
              purpose: purposeOf(c),
              requestId: c.get("requestId"),
            },
          ]
        : [],
    ),
  );
  return list;
}

export function registerWorkList(app: App): void {
  app.openapi(listRoute, async (c) => {
    const { limit } = c.req.valid("query");
    return c.json(await auditedWorkList(c, limit, "work-list"), 200);
  });
  app.openapi(exportRoute, async (c) => {
    const { limit } = c.req.valid("query");
    const list = await auditedWorkList(c, limit, "work-list-export");
    const file = await workListXlsx(list.items);
    return c.body(file as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX,
      "content-disposition": `attachment; filename="work-list-${c.get("services").config.cityCode}.xlsx"`,
    });
  });
}
