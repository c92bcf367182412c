import { createRoute, z } from "@hono/zod-openapi";
import { DomainError, errorResponses } from "@pes/http";
import { FujianDivisionCode, ServicePointId } from "@pes/schemas";
import { eq } from "drizzle-orm";
import type { App } from "../../app.js";
import { issueToken } from "../../auth/tokens.js";
import { staff, staffRoles } from "../../db/tables/network.js";
import { assertInCity, bearer, IdParam } from "../shared.js";

const tags = ["Staff and tokens 工作人员"];

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

const createStaff = createRoute({
  method: "post",
  path: "/v1/staff",
  tags,
  summary: "Add a staff member (city admin)",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: StaffInput } } } },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: StaffView } } },
    ...errorResponses,
  },
});

const TokenInput = z
  .object({ label: z.string().min(1).max(100), expiresAt: z.iso.datetime({ offset: true }).optional() })
  .openapi("TokenInput");
const createToken = createRoute({
  method: "post",
  path: "/v1/staff/{id}/tokens",
  tags,
  summary: "Issue a bearer token for a staff member (city admin); the token is shown once",
  security: bearer,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: TokenInput } } },
  },
  responses: {
    201: {
      description: "Issued",
      content: { "application/json": { schema: z.object({ token: z.string() }).openapi("IssuedToken") } },
    },
    ...errorResponses,
  },
});

export function registerStaffRoutes(app: App): void {
  app.openapi(createStaff, async (c) => {
    const body = c.req.valid("json");
    const { config, db } = c.get("services");
    if (body.divisionCode !== config.cityCode)
      assertInCity(body.divisionCode, config.cityCode, "divisionCode");
    const [row] = await db.db
      .insert(staff)
      .values({
        name: body.name,
        role: body.role,
        divisionCode: body.divisionCode,
        servicePointId: body.servicePointId ?? null,
      })
      .returning();
    return c.json(
      {
        id: row!.id,
        name: row!.name,
        role: row!.role,
        divisionCode: row!.divisionCode,
        active: row!.active,
        ...(row!.servicePointId ? { servicePointId: row!.servicePointId } : {}),
      },
      201,
    );
  });

  app.openapi(createToken, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.get("services");
    const [member] = await db.db.select({ id: staff.id }).from(staff).where(eq(staff.id, id));
    if (!member) throw new DomainError("not_found", "staff-not-found", `No staff member ${id}`);
    const token = await issueToken(
      db.db,
      id,
      body.label,
      body.expiresAt ? new Date(body.expiresAt) : undefined,
    );
    return c.json({ token }, 201);
  });
}
