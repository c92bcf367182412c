import { bearerAuth, roleGuard } from "@pes/http";
import type { AppEnv, Caller } from "../context.js";
import type { StaffRole } from "../db/tables/network.js";
import { callerOfToken } from "./tokens.js";

/** Every /v1 request names its staff member with a bearer token; the caller is on c.get("caller"). */
export const requireCaller = () =>
  bearerAuth<AppEnv, Caller>({
    what: "a staff token",
    resolve: (c, token) => callerOfToken(c.get("services").db.db, token),
    set: (c, caller) => c.set("caller", caller),
  });

export const requireRole = roleGuard<AppEnv, StaffRole>((c) => c.get("caller"));
