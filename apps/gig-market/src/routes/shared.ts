import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";

export const Instant = z.iso.datetime({ offset: true });

export const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What any /v1 route may answer besides its own responses (the 401 comes with its access, auth/access.ts). */
export const v1Errors = {
  ...errorResponses,
  429: problemResponse("This API key made too many requests; `Retry-After` says how many seconds to wait"),
} as const;

/** What any /v1 POST may answer because of its Idempotency-Key. */
export const postErrors = {
  ...v1Errors,
  409: problemResponse("The first request with this Idempotency-Key is still being handled"),
  422: problemResponse("The Idempotency-Key was used for another request, or a rule refused the request"),
} as const;
