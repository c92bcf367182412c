import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { createLogger, IdParam, problemResponse } from "@pes/http";
import { maskName } from "@pes/schemas";
import { defineRoute, market } from "../auth/access.js";
import type { App } from "../context.js";
import { SERVICE } from "../env.js";
import { postingsForWorker, workersForPosting } from "../use-cases/matching/candidates.js";
import { findPosting } from "../use-cases/postings/store.js";
import { findWorker } from "../use-cases/workers/store.js";
import { useCaseContext } from "./context.js";
import { PostingView, presentPosting } from "./postings/schema.js";
import { v1Errors } from "./shared.js";

const tags = ["Matching 匹配"];

/** Where a ranking disagreement is told when the services bring no logger (the app's default is its own). */
const defaultLogger = createLogger(SERVICE);

const Reason = z
  .object({
    criterion: z.enum(["occupation", "place", "dates", "pay"]),
    verdict: z.enum(["met", "partial", "open", "unmet"]).openapi({
      description: "open: the worker or the posting left it unsaid",
    }),
    points: z.number().int(),
    detail: z.string(),
  })
  .openapi("MatchReason");

const explained = {
  score: z.number().int().openapi({ description: "0–100: occupation 40, place 30, dates 20, pay 10" }),
  reasons: z.array(Reason),
};

const MatchQuery = z.object({
  limit: z.coerce
    .number({ error: "must be a number from 1 to 100" })
    .int("must be a whole number")
    .min(1, "must be from 1 to 100")
    .max(100, "must be from 1 to 100")
    .default(20),
  minScore: z.coerce
    .number({ error: "must be a number from 0 to 100" })
    .int("must be a whole number")
    .min(0, "must be from 0 to 100")
    .max(100, "must be from 0 to 100")
    .default(0),
});

const WorkerMatch = z
  .object({
    worker: z.object({
      id: z.uuid(),
      name: z.string().openapi({ description: "Masked", example: "陈*" }),
      occupations: z.array(z.string()),
      preferredPlaces: z.array(z.string()),
    }),
    ...explained,
  })
  .openapi("WorkerMatch");

const PostingMatch = z.object({ posting: PostingView, ...explained }).openapi("PostingMatch");

const why =
  "Only candidates available on the work dates and not already placed there; best first, each with the reason for every point.";

const forPosting = defineRoute({
  method: "get",
  path: "/v1/postings/{id}/matches",
  tags,
  summary: "Your market's workers who fit an open posting",
  description: why,
  access: market,
  request: { params: IdParam, query: MatchQuery },
  responses: {
    200: {
      description: "Best first",
      content: { "application/json": { schema: z.object({ items: z.array(WorkerMatch) }) } },
    },
    404: problemResponse("Your market has no such posting"),
    409: problemResponse("The posting is not open"),
    ...v1Errors,
  },
});

const forWorker = defineRoute({
  method: "get",
  path: "/v1/workers/{id}/matches",
  tags,
  summary: "Your market's open postings that fit a worker",
  description: why,
  access: market,
  request: { params: IdParam, query: MatchQuery },
  responses: {
    200: {
      description: "Best first",
      content: { "application/json": { schema: z.object({ items: z.array(PostingMatch) }) } },
    },
    404: problemResponse("Your market has no such worker"),
    409: problemResponse("The worker withdrew their consent"),
    ...v1Errors,
  },
});

export function registerMatches(app: App): void {
  app.openapi(forPosting, async (c) => {
    const { cipher, logger } = c.get("services");
    const { limit, minScore } = c.req.valid("query");
    const ctx = { ...useCaseContext(c), logger: logger ?? defaultLogger };
    const posting = await findPosting(ctx, { id: c.req.valid("param").id });
    if (posting.status !== "open")
      throw new DomainError("conflict", "posting-not-open", `The posting is ${posting.status}`);
    const ranked = await workersForPosting(ctx, { posting, limit, minScore });
    const items = ranked.map(({ candidate: w, match }) => ({
      worker: {
        id: w.id,
        name: w.nameEnc ? maskName(cipher.decrypt(w.nameEnc)) : "",
        occupations: w.occupations,
        preferredPlaces: w.preferredPlaces,
      },
      ...match,
    }));
    return c.json({ items }, 200);
  });
  app.openapi(forWorker, async (c) => {
    const { cipher } = c.get("services");
    const { limit, minScore } = c.req.valid("query");
    const ctx = useCaseContext(c);
    const worker = await findWorker(ctx, { id: c.req.valid("param").id });
    if (worker.status !== "active")
      throw new DomainError("conflict", "worker-withdrawn", "The worker withdrew their consent");
    const ranked = await postingsForWorker(ctx, { worker, limit, minScore });
    return c.json(
      {
        items: ranked.map(({ candidate, match }) => ({
          posting: presentPosting(candidate, cipher),
          ...match,
        })),
      },
      200,
    );
  });
}
