import { gigPlacement, gigRating } from "@pes/schemas";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idNumber as freshId, type GigApp, posting, rows, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("placements");
});
afterAll(async () => gig?.close());

const worker = (over: Record<string, unknown> = {}) => ({
  idNumber: freshId({ birthDate: "1988-05-06" }),
  name: "林晓",
  consent: { given: true },
  occupations: ["4-10-01-01"],
  preferredPlaces: ["350203"],
  expectedPay: { amountFen: 18000, per: "day" },
  ...over,
});

async function newPosting(over: Record<string, unknown> = {}, headers = gig.as.siming) {
  const res = await gig.post("/v1/postings", posting(over), headers);
  expect(res.status).toBe(201);
  return res.body.id as string;
}
async function newWorker(over: Record<string, unknown> = {}, headers = gig.as.siming) {
  const res = await gig.post("/v1/workers", worker(over), headers);
  expect(res.status).toBe(201);
  return res.body.id as string;
}
async function place(postingId: string, workerId: string) {
  const res = await gig.post("/v1/placements", { postingId, workerId });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The published payloads of one type about one placement, oldest first. */
async function payloads(id: string, ceType: string): Promise<unknown[]> {
  return (await gig.outbox())
    .filter((r) => r.headers.ce_type === ceType)
    .map((r) => JSON.parse(r.payload))
    .filter((data) => data.id === id || data.placementId === id);
}
/** Checked against the contract, as the hub will read them. */
const published = async (id: string) =>
  (await payloads(id, gigPlacement.ceType)).map((d) => gigPlacement.schema.parse(d));
const publishedRatings = async (id: string) =>
  (await payloads(id, gigRating.ceType)).map((d) => gigRating.schema.parse(d));

const done = { completedOn: "2025-07-31", payDueFen: 600000, payReceivedFen: 450000 };

describe("POST /v1/placements", () => {
  it("places a worker with the posting's dates and pay, masked, and publishes it with the person", async () => {
    const postingId = await newPosting();
    const idNumber = freshId({ birthDate: "1985-01-02" });
    const workerId = await newWorker({ idNumber });
    const res = await gig.post("/v1/placements", { postingId, workerId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "placed",
      revision: 1,
      postingId,
      workerId,
      worker: { name: "林*", idNumber: `3502**********${idNumber.slice(-4)}` },
      workFrom: "2025-07-01",
      workUntil: "2025-07-31",
      pay: { amountFen: 20000, per: "day" },
      completedOn: null,
      arrearsFen: null,
    });
    expect(res.text).not.toContain(idNumber);
    const [record] = await published(res.body.id);
    expect(record).toMatchObject({
      marketId: "xm-siming-gig",
      cityCode: "350200",
      districtCode: "350203",
      postingId,
      status: "placed",
      person: { idNumber, name: "林晓" },
    });
  });

  it("fills the posting with its last place and refuses one more (409), publishing the filled posting", async () => {
    const postingId = await newPosting({ headcount: 2 });
    await place(postingId, await newWorker());
    await place(postingId, await newWorker());
    expect((await gig.get(`/v1/postings/${postingId}`)).body).toMatchObject({
      status: "filled",
      revision: 2,
    });
    const res = await gig.post("/v1/placements", { postingId, workerId: await newWorker() });
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/posting-not-open$/);
  });

  it("gives the last place to exactly one of many simultaneous placements", async () => {
    const postingId = await newPosting({ headcount: 1 });
    const workers = await Promise.all([1, 2, 3, 4, 5].map(() => newWorker()));
    const answers = await Promise.all(
      workers.map((workerId) => gig.post("/v1/placements", { postingId, workerId })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const live = await rows<{ n: number }>(
      gig.db,
      sql`select count(*)::int as n from gm_placements where posting_id = ${postingId}`,
    );
    expect(live[0]!.n).toBe(1);
  });

  it("refuses to place the same worker twice in one posting, and a withdrawn worker", async () => {
    const postingId = await newPosting();
    const workerId = await newWorker();
    await place(postingId, workerId);
    const again = await gig.post("/v1/placements", { postingId, workerId });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/already-placed$/);
    const gone = await newWorker();
    await gig.del(`/v1/workers/${gone}`);
    expect((await gig.post("/v1/placements", { postingId, workerId: gone })).status).toBe(409);
  });

  it("answers 404 for another market's posting or worker, and places nothing", async () => {
    const theirPosting = await newPosting({ locationCode: "350582101" }, gig.as.jinjiang);
    const theirWorker = await newWorker(
      { idNumber: freshId({ region: "350582", birthDate: "1990-01-01" }), preferredPlaces: [] },
      gig.as.jinjiang,
    );
    const before = (await gig.outbox()).length;
    expect(
      (await gig.post("/v1/placements", { postingId: theirPosting, workerId: await newWorker() })).status,
    ).toBe(404);
    expect(
      (await gig.post("/v1/placements", { postingId: await newPosting(), workerId: theirWorker })).status,
    ).toBe(404);
    expect((await gig.outbox()).length).toBe(before + 1); // the second posting, no placement
  });

  it.each([
    ["no posting", { postingId: undefined }, "postingId"],
    ["a posting id that is no uuid", { postingId: "p-1" }, "postingId"],
    ["no worker", { workerId: undefined }, "workerId"],
    ["a bad date", { workFrom: "2025-13-01" }, "workFrom"],
    ["workUntil before workFrom", { workFrom: "2025-07-10", workUntil: "2025-07-01" }, "workUntil"],
    ["pay per week", { pay: { amountFen: 100, per: "week" } }, "pay.per"],
    ["an unknown field", { bonus: 1 }, "(root)"],
  ])("answers 400 with the field path to %s", async (_, over, path) => {
    const body = {
      postingId: "00000000-0000-4000-8000-000000000001",
      workerId: "00000000-0000-4000-8000-000000000002",
      ...over,
    };
    const res = await gig.post("/v1/placements", body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: "body" }));
  });
});

describe("completion and wage arrears", () => {
  it("records pay due and received, publishes revision 2, and lists the arrears", async () => {
    const id = await place(await newPosting(), await newWorker());
    const res = await gig.post(`/v1/placements/${id}/completion`, done);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "completed", revision: 2, ...done, arrearsFen: 150000 });
    expect((await published(id)).map((r) => [r.revision, r.status, r.payReceivedFen])).toEqual([
      [1, "placed", undefined],
      [2, "completed", 450000],
    ]);
    const arrears = (await gig.get("/v1/placements?arrears=true&limit=100")).body.items.map(
      (p: { id: string }) => p.id,
    );
    expect(arrears).toContain(id);
    const paid = await place(await newPosting(), await newWorker());
    await gig.post(`/v1/placements/${paid}/completion`, { ...done, payReceivedFen: done.payDueFen });
    expect((await gig.get(`/v1/placements/${paid}`)).body.arrearsFen).toBe(0);
    const again = (await gig.get("/v1/placements?arrears=true&limit=100")).body.items.map(
      (p: { id: string }) => p.id,
    );
    expect(again).not.toContain(paid);
  });

  it("takes the same completion again without a new revision; other figures are a conflict", async () => {
    const id = await place(await newPosting(), await newWorker());
    await gig.post(`/v1/placements/${id}/completion`, done);
    expect((await gig.post(`/v1/placements/${id}/completion`, done)).body.revision).toBe(2);
    const other = await gig.post(`/v1/placements/${id}/completion`, { ...done, payReceivedFen: 1 });
    expect(other.status).toBe(409);
    expect(await published(id)).toHaveLength(2);
  });

  it.each([
    ["no completedOn", { completedOn: undefined }, "completedOn"],
    ["negative pay received", { payReceivedFen: -1 }, "payReceivedFen"],
    ["pay due in fractions of a fen", { payDueFen: 1.5 }, "payDueFen"],
  ])("answers 400 with the field path to %s", async (_, over, path) => {
    const id = await place(await newPosting(), await newWorker());
    const res = await gig.post(`/v1/placements/${id}/completion`, { ...done, ...over });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: "body" }));
  });

  it("refuses (422) completion before the work started", async () => {
    const id = await place(await newPosting(), await newWorker());
    const res = await gig.post(`/v1/placements/${id}/completion`, { ...done, completedOn: "2025-06-30" });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "completedOn" })]);
  });
});

describe("cancellation", () => {
  it("cancels a placement, reopens the filled posting, and lets the worker be placed again", async () => {
    const postingId = await newPosting({ headcount: 1 });
    const workerId = await newWorker();
    const id = await place(postingId, workerId);
    expect((await gig.get(`/v1/postings/${postingId}`)).body.status).toBe("filled");
    const res = await gig.post(`/v1/placements/${id}/cancellation`, { reason: "worker fell ill" });
    expect(res.body).toMatchObject({ status: "cancelled", revision: 2, cancelReason: "worker fell ill" });
    expect((await gig.get(`/v1/postings/${postingId}`)).body.status).toBe("open");
    await place(postingId, workerId);
  });

  it("refuses to cancel a completed placement or complete a cancelled one", async () => {
    const completed = await place(await newPosting(), await newWorker());
    await gig.post(`/v1/placements/${completed}/completion`, done);
    expect((await gig.post(`/v1/placements/${completed}/cancellation`, { reason: "x" })).status).toBe(409);
    const cancelled = await place(await newPosting(), await newWorker());
    await gig.post(`/v1/placements/${cancelled}/cancellation`, { reason: "x" });
    expect((await gig.post(`/v1/placements/${cancelled}/completion`, done)).status).toBe(409);
  });
});

describe("ratings", () => {
  it("takes one rating per side of a completed placement and publishes each", async () => {
    const id = await place(await newPosting(), await newWorker());
    expect((await gig.post(`/v1/placements/${id}/ratings`, { by: "worker", score: 5 })).status).toBe(409);
    await gig.post(`/v1/placements/${id}/completion`, done);
    const mine = await gig.post(`/v1/placements/${id}/ratings`, {
      by: "worker",
      score: 5,
      comment: "很快找到活",
    });
    expect(mine.status).toBe(201);
    expect((await gig.post(`/v1/placements/${id}/ratings`, { by: "employer", score: 2 })).status).toBe(201);
    const twice = await gig.post(`/v1/placements/${id}/ratings`, { by: "worker", score: 1 });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toMatch(/already-rated$/);
    const list = (await gig.get(`/v1/placements/${id}/ratings`)).body.items;
    expect(list.map((r: { by: string; score: number }) => [r.by, r.score])).toEqual([
      ["worker", 5],
      ["employer", 2],
    ]);
    const records = await publishedRatings(id);
    expect(records.map((r) => [r.by, r.score, r.placementId])).toEqual([
      ["worker", 5, id],
      ["employer", 2, id],
    ]);
  });

  it.each([
    ["a score of 0", { by: "worker", score: 0 }, "score"],
    ["a score of 6", { by: "worker", score: 6 }, "score"],
    ["an unknown side", { by: "station", score: 3 }, "by"],
  ])("answers 400 with the field path to %s", async (_, body, path) => {
    const res = await gig.post("/v1/placements/00000000-0000-4000-8000-000000000001/ratings", body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: "body" }));
  });
});

describe("GET /v1/placements", () => {
  it("lists only the market's own, by posting, worker or status; another market's is 404", async () => {
    const postingId = await newPosting();
    const a = await place(postingId, await newWorker());
    const b = await place(postingId, await newWorker());
    await gig.post(`/v1/placements/${b}/completion`, done);
    const ofPosting = (await gig.get(`/v1/placements?postingId=${postingId}`)).body.items;
    expect(ofPosting.map((p: { id: string }) => p.id)).toEqual([b, a]);
    const completed = (await gig.get(`/v1/placements?postingId=${postingId}&status=completed`)).body.items;
    expect(completed.map((p: { id: string }) => p.id)).toEqual([b]);
    expect((await gig.get("/v1/placements", gig.as.jinjiang)).body.items).toEqual([]);
    expect((await gig.get(`/v1/placements/${a}`, gig.as.jinjiang)).status).toBe(404);
    expect((await gig.post(`/v1/placements/${a}/completion`, done, gig.as.jinjiang)).status).toBe(404);
    expect((await gig.get(`/v1/placements/${a}/ratings`, gig.as.jinjiang)).status).toBe(404);
  });

  it.each([
    ["status=paused", "status"],
    ["arrears=yes", "arrears"],
    ["postingId=1", "postingId"],
  ])("answers 400 with the query parameter to ?%s", async (query, path) => {
    const res = await gig.get(`/v1/placements?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: "query" }));
  });
});
