import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GigApp, idNumber, posting, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("matches");
});
afterAll(async () => gig?.close());

async function newWorker(over: Record<string, unknown> = {}, headers = gig.as.siming) {
  const res = await gig.post(
    "/v1/workers",
    {
      idNumber: idNumber({ birthDate: "1992-08-09" }),
      name: "黄河",
      consent: { given: true },
      ...over,
    },
    headers,
  );
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe("GET /v1/postings/{id}/matches", () => {
  it("ranks the market's available workers best first and explains every point", async () => {
    const postingId = (await gig.post("/v1/postings", posting())).body.id;
    const best = await newWorker({
      occupations: ["4-10-01-01"],
      preferredPlaces: ["350203005"],
      expectedPay: { amountFen: 20000, per: "day" },
    });
    const sameTrade = await newWorker({ occupations: ["4-10-02-01"], preferredPlaces: ["350206"] });
    await newWorker({ availableUntil: "2025-06-30" }); // gone before the work starts
    const placedAlready = await newWorker({ occupations: ["4-10-01-01"] });
    await gig.post("/v1/placements", { postingId, workerId: placedAlready });
    const theirs = await newWorker(
      { idNumber: idNumber({ region: "350582", birthDate: "1990-01-01" }) },
      gig.as.jinjiang,
    );

    const res = await gig.get(`/v1/postings/${postingId}/matches`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((m: { worker: { id: string } }) => m.worker.id);
    expect(ids).toEqual([best, sameTrade]);
    expect(res.body.items[0]).toEqual({
      worker: { id: best, name: "黄*", occupations: ["4-10-01-01"], preferredPlaces: ["350203005"] },
      score: 100,
      reasons: [
        expect.objectContaining({ criterion: "occupation", verdict: "met", points: 40 }),
        expect.objectContaining({ criterion: "place", verdict: "met", points: 30 }),
        expect.objectContaining({ criterion: "dates", verdict: "met", points: 20 }),
        expect.objectContaining({ criterion: "pay", verdict: "met", points: 10 }),
      ],
    });
    expect(res.body.items[1].score).toBe(24 + 0 + 20 + 10);
    expect(res.text).not.toContain("黄河");
    expect(ids).not.toContain(theirs);
    const strict = await gig.get(`/v1/postings/${postingId}/matches?minScore=60`);
    expect(strict.body.items.map((m: { worker: { id: string } }) => m.worker.id)).toEqual([best]);
  });

  it("answers 404 for another market's posting and 409 for one that is not open", async () => {
    const postingId = (await gig.post("/v1/postings", posting())).body.id;
    expect((await gig.get(`/v1/postings/${postingId}/matches`, gig.as.jinjiang)).status).toBe(404);
    await gig.patch(`/v1/postings/${postingId}`, { status: "closed" });
    expect((await gig.get(`/v1/postings/${postingId}/matches`)).status).toBe(409);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["minScore=-1", "minScore"],
    ["minScore=much", "minScore"],
  ])("answers 400 with the query parameter to ?%s", async (query, path) => {
    const postingId = (await gig.post("/v1/postings", posting())).body.id;
    const res = await gig.get(`/v1/postings/${postingId}/matches?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: "query" }));
  });
});

describe("GET /v1/workers/{id}/matches", () => {
  it("ranks the market's open postings for a worker, without those they are placed in", async () => {
    const workerId = await newWorker({ occupations: ["6-01-01-01"], preferredPlaces: ["350206"] });
    const fits = (
      await gig.post("/v1/postings", posting({ occupationCode: "6-01-01-01", locationCode: "350206001" }))
    ).body.id;
    const placed = (await gig.post("/v1/postings", posting({ occupationCode: "6-01-01-01" }))).body.id;
    await gig.post("/v1/placements", { postingId: placed, workerId });
    const res = await gig.get(`/v1/workers/${workerId}/matches?limit=100`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((m: { posting: { id: string } }) => m.posting.id);
    expect(ids[0]).toBe(fits);
    expect(ids).not.toContain(placed);
    expect(res.body.items[0].posting.contactPhone).toBe("138****1234");
  });

  it("answers 404 for another market's worker and 409 for a withdrawn one", async () => {
    const workerId = await newWorker();
    expect((await gig.get(`/v1/workers/${workerId}/matches`, gig.as.jinjiang)).status).toBe(404);
    await gig.del(`/v1/workers/${workerId}`);
    expect((await gig.get(`/v1/workers/${workerId}/matches`)).status).toBe(409);
  });
});
