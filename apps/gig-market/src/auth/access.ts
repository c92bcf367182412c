import { problemResponse, routeKit } from "@pes/http";
import type { AppEnv } from "../context.js";
import { requireMarket } from "./middleware.js";

/**
 * The gig market's route kit: every route names who may call it in its definition (defineRoute's
 * `access`). A market has no roles: every /v1 route is `market` (any market's API key; what it
 * sees is its own).
 */
export const {
  defineRoute,
  guard,
  authenticated: market,
} = routeKit<AppEnv>({
  authenticate: requireMarket(),
  principal: (c) => c.get("market"),
  unauthenticated: "No API key, or one that is unknown or revoked",
  // The rate limit (routes/index.ts) runs on every /v1 request after authentication.
  authenticatedResponses: {
    429: problemResponse(
      "This market has used its requests for the minute, all its keys together; `Retry-After` says when to retry (urn:pes:problem:rate-limited)",
    ),
  },
});
