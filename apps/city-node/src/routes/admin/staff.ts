import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, IdempotencyHeaders, IdParam, problemResponse } from "@pes/http";
import { FujianDivisionCode, ServicePointId } from "@pes/schemas";
import { eq } from "drizzle-orm";
import { defineRoute, roles } from "../../auth/access.js";
import type { App } from "../../context.js";
import { staff, staffRoles } from "../../db/tables/network.js";
import { audit } from "../../use-cases/audit/record.js";
import { publishServiceNetwork } from "../../use-cases/network/publish.js";
import { useCaseContext } from "../context.js";
import { assertInCity } from "../shared.js";
import { adminAudit, tags } from "./staff-shared.js";
import { registerStaffTokenRoutes } from "./staff-tokens.js";

const StaffInput = z
  .object({
    name: z.string().min(1).max(50),
    role: z.enum(staffRoles),
    divisionCode: FujianDivisionCode.meta({
      description: "Jurisdiction: the city, a district, a street or a community",
    }),
    servicePointId: ServicePointId.optional(),
  })
  .openapi("StaffInput");
const StaffView = StaffInput.extend({ id: z.uuid(), active: z.boolean() }).openapi("Staff");

const StaffPatch = z
  .object({
    active: z.boolean().openapi({
      description:
        "false deactivates the staff member: every token of theirs is refused from the next request. true reactivates them: their tokens not revoked or expired work again.",
    }),
  })
  .openapi("StaffPatch");

const present = (row: typeof staff.$inferSelect) => ({
  id: row.id,
  name: row.name,
  role: row.role,
  divisionCode: row.divisionCode,
  active: row.active,
  ...(row.servicePointId ? { servicePointId: row.servicePointId } : {}),
});

const createStaff = defineRoute({
  method: "post",
  path: "/v1/staff",
  tags,
  summary: "Add a staff member (city admin); audited",
  description:
    "A member at a service point (`servicePointId`) adds to the point's staff count: the next revision of the " +
    "city's service network (service-network) is published in the same transaction.",
  access: roles("city-admin"),
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: StaffInput } } },
  },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: StaffView } } },
    ...errorResponses,
  },
});

const patchStaff = defineRoute({
  method: "patch",
  path: "/v1/staff/{id}",
  tags,
  summary: "Deactivate or reactivate a staff member (city admin); audited",
  description:
    "Deactivating refuses all the staff member's tokens at once (401 from their next request); reactivating lets their tokens that are neither revoked nor expired work again. A city admin cannot deactivate themself. Send `X-Purpose` to record why. The staff count of the member's service point changes with it: the next revision of the city's service network (service-network) is published in the same transaction.",
  access: roles("city-admin"),
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: StaffPatch } } },
  },
  responses: {
    200: {
      description: "The staff member as changed",
      content: { "application/json": { schema: StaffView } },
    },
    404: problemResponse("No such staff member"),
    409: problemResponse("A city admin cannot deactivate themself"),
    ...errorResponses,
  },
});

export function registerStaffRoutes(app: App): void {
  app.openapi(createStaff, async (c) => {
    const body = c.req.valid("json");
    const { config, db } = c.get("services");
    if (body.divisionCode !== config.cityCode)
      assertInCity(body.divisionCode, config.cityCode, "divisionCode");
    const row = await db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(staff)
        .values({
          name: body.name,
          role: body.role,
          divisionCode: body.divisionCode,
          servicePointId: body.servicePointId ?? null,
        })
        .returning();
      await audit(tx, adminAudit(c, { action: "create", entity: "staff", entityId: row!.id }));
      // A member at a point adds to its staff count: the network's next revision.
      if (row!.servicePointId) await publishServiceNetwork(useCaseContext(c, tx));
      return row!;
    });
    return c.json(present(row), 201);
  });

  app.openapi(patchStaff, async (c) => {
    const { id } = c.req.valid("param");
    const { active } = c.req.valid("json");
    // The caller stays an active admin, so the node keeps at least the admin making the change.
    if (id === c.get("caller").staffId && !active)
      throw new DomainError("conflict", "staff-self-deactivation", "You cannot deactivate yourself");
    const row = await c.get("services").db.db.transaction(async (tx) => {
      const [before] = await tx.select().from(staff).where(eq(staff.id, id)).for("update");
      if (!before) throw new DomainError("not_found", "staff-not-found", `No staff member ${id}`);
      if (before.active === active) return before;
      const [after] = await tx.update(staff).set({ active }).where(eq(staff.id, id)).returning();
      await audit(
        tx,
        adminAudit(c, { action: active ? "reactivate" : "deactivate", entity: "staff", entityId: id }),
      );
      if (before.servicePointId) await publishServiceNetwork(useCaseContext(c, tx));
      return after!;
    });
    return c.json(present(row), 200);
  });

  registerStaffTokenRoutes(app);
}
