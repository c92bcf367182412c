import { bearerAuth } from "@pes/http";
import { sessionToken } from "../console/session.js";
import type { AppEnv, Caller } from "../context.js";
import { callerOfToken } from "./tokens.js";

/** Every /v1 request names its staff member with a bearer token, or comes from a console session (its cookie); the caller is on c.get("caller"). */
export const requireCaller = () =>
  bearerAuth<AppEnv, Caller>({
    what: "a staff token",
    resolve: (c, token) => callerOfToken(c.get("services").db.db, token),
    set: (c, caller) => c.set("caller", caller),
    fallback: sessionToken,
  });
