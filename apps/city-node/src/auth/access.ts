import { routeKit } from "@pes/http";
import type { AppEnv } from "../context.js";
import type { StaffRole } from "../db/tables/network.js";
import { requireCaller } from "./middleware.js";

/**
 * The node's route kit: every route names who may call it in its definition (defineRoute's
 * `access`): any staff member (`staff`), a city admin (the staff, the service network, the
 * calendar) or a supervisor (deciding an application: four eyes).
 */
export const {
  defineRoute,
  guard,
  roles,
  authenticated: staff,
} = routeKit<AppEnv, StaffRole>({
  authenticate: requireCaller(),
  principal: (c) => c.get("caller"),
  role: (c) => c.get("caller").role,
  unauthenticated: "No staff token, or one that is unknown, expired or revoked",
});
