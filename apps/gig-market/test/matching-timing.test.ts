import { afterAll, beforeAll, expect, it } from "vitest";
import { CONSENT_PURPOSE, workers } from "../src/db/tables/workers.js";
import { type GigApp, gigApp, posting } from "./support/app.js";

/**
 * Not a test but a measurement, run on demand (MATCHING_TIMING=1): the cost of a posting's matches
 * with 5,000 available workers, through the in-process app. It prints, never asserts on time: a timed
 * assertion fails on a busy machine for no fault of the code.
 */
const WORKERS = 5_000;
const REQUESTS = 100;

let gig: GigApp | undefined;
beforeAll(async () => {
  if (process.env.MATCHING_TIMING) gig = await gigApp("matching-timing");
});
afterAll(async () => gig?.close());

/** Deterministic variety, so every run scores the same rows. */
const pick = <T>(i: number, k: number, list: T[]) => list[(i * k + (i >> 3)) % list.length]!;

it.runIf(process.env.MATCHING_TIMING)(
  `times ${REQUESTS} matches requests over ${WORKERS} workers`,
  async () => {
    const app = gig!;
    const market = (await app.get("/v1/market")).body;
    const nameEnc = app.services.cipher.encrypt("黄河");
    const rows = Array.from({ length: WORKERS }, (_, i) => ({
      marketId: market.id as string,
      personKey: `timing-${i}`,
      nameEnc,
      consentGivenAt: new Date(),
      consentPurpose: CONSENT_PURPOSE,
      occupations: pick(i, 7, [["4-10-01-01"], ["4-10-02-01", "保洁"], ["6-01-01-01"], [], ["保洁"]]),
      preferredPlaces: pick(i, 5, [["350203005"], ["350203"], ["350206"], [], ["350200"], ["350203001001"]]),
      expectedPay: pick(i, 3, [
        { amountFen: 18000, per: "day" as const },
        { amountFen: 3000, per: "hour" as const },
        null,
      ]),
      availableFrom: pick(i, 11, [null, "2025-06-01", "2025-07-10"]),
      availableUntil: pick(i, 13, [null, "2025-12-31", "2025-07-20"]),
    }));
    for (let i = 0; i < rows.length; i += 1_000)
      await app.db.db.insert(workers).values(rows.slice(i, i + 1_000));
    const postingId = (await app.post("/v1/postings", posting())).body.id;
    const path = `/v1/postings/${postingId}/matches?limit=20`;
    for (let i = 0; i < 5; i++) expect((await app.get(path)).status).toBe(200); // warm-up

    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await app.get(path);
    const wall = (performance.now() - started) / REQUESTS;
    const used = process.cpuUsage(cpu);
    const node = (used.user + used.system) / 1_000 / REQUESTS;
    process.stdout.write(
      `matches: ${wall.toFixed(1)} ms per request, ${node.toFixed(1)} ms of Node CPU per request\n`,
    );
  },
  120_000,
);
