import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GigApp, posting, rows, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("postings");
});
afterAll(async () => gig?.close());

/** The outbox records of one posting, oldest first, as the relay will publish them. */
async function published(id: string) {
  return (await gig.outbox())
    .filter((r) => r.message_key === id)
    .map((r) => ({ topic: r.topic, headers: r.headers, data: JSON.parse(r.payload), sealed: r.sealed }));
}

describe("POST /v1/postings", () => {
  it("posts an open gig at revision 1, the phone masked, and publishes it as the market", async () => {
    const res = await gig.post("/v1/postings", posting());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      revision: 1,
      status: "open",
      employer: { name: "厦门鹭岛家政服务有限公司", creditCode: "91350200MA2Y0QXK5Q" },
      title: "家政保洁（日结）",
      occupationCode: "4-10-01-01",
      headcount: 3,
      pay: { amountFen: 20000, per: "day" },
      workFrom: "2025-07-01",
      workUntil: "2025-07-31",
      locationCode: "350203005",
      districtCode: "350203",
      address: "思明区湖滨南路 100 号",
      contactPhone: "138****1234",
      postedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [record, ...more] = await published(res.body.id);
    expect(more).toEqual([]);
    expect(record!.topic).toBe("pes.gig.xm-siming-gig.events");
    expect(record!.headers).toMatchObject({
      ce_source: "/gig/xm-siming-gig",
      ce_type: "cn.gov.fj.pes.gig-posting.v1",
      ce_subject: res.body.id,
    });
    expect(record!.data).toMatchObject({
      id: res.body.id,
      revision: 1,
      marketId: "xm-siming-gig",
      cityCode: "350200",
      districtCode: "350203",
      status: "open",
      contactPhone: "13812341234",
    });
    // Sealed for the province as it is written: the row holds no phone, no JSON.
    expect(record!.headers).toMatchObject({
      ce_pesseal: "SM2-SM4-GCM",
      ce_pesrecipient: "test-province-enc",
    });
    for (const clear of ["13812341234", '"status"', "xm-siming-gig"])
      expect(record!.sealed).not.toContain(clear);
  });

  it("keeps the contact phone only encrypted at rest", async () => {
    const res = await gig.post("/v1/postings", posting({ contactPhone: "139 0592 8888" }));
    const [stored] = await rows(gig.db, sql`select * from gm_postings where id = ${res.body.id}`);
    expect(JSON.stringify(stored)).not.toMatch(/13905928888|139 0592 8888/);
    expect(res.body.contactPhone).toBe("139****8888");
  });

  it("takes a minimal posting: no credit code, occupation, end date or phone", async () => {
    const { workUntil, occupationCode, contactPhone, ...rest } = posting();
    const res = await gig.post("/v1/postings", {
      ...rest,
      employer: { name: "张阿姨（个人）" },
      locationCode: "350206",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      employer: { name: "张阿姨（个人）", creditCode: null },
      occupationCode: null,
      workUntil: null,
      contactPhone: null,
      districtCode: "350206",
    });
    expect((await published(res.body.id))[0]!.data).not.toHaveProperty("contactPhone");
  });

  it.each([
    ["no employer", { employer: undefined }, "employer"],
    ["an empty employer name", { employer: { name: " " } }, "employer.name"],
    [
      "a bad credit code",
      { employer: { name: "某公司", creditCode: "91350200MA2Y0QXK5A" } },
      "employer.creditCode",
    ],
    ["no title", { title: undefined }, "title"],
    ["a bad occupation code", { occupationCode: "保洁" }, "occupationCode"],
    ["a headcount of 0", { headcount: 0 }, "headcount"],
    ["a fractional headcount", { headcount: 1.5 }, "headcount"],
    ["pay in fractions of a fen", { pay: { amountFen: 12.5, per: "day" } }, "pay.amountFen"],
    ["negative pay", { pay: { amountFen: -1, per: "day" } }, "pay.amountFen"],
    ["pay per week", { pay: { amountFen: 100, per: "week" } }, "pay.per"],
    ["a date that does not exist", { workFrom: "2025-02-30" }, "workFrom"],
    ["workUntil before workFrom", { workFrom: "2025-07-10", workUntil: "2025-07-09" }, "workUntil"],
    ["a malformed location", { locationCode: "思明" }, "locationCode"],
    ["a location outside Fujian", { locationCode: "110101" }, "locationCode"],
    ["no address", { address: undefined }, "address"],
    ["a bad phone", { contactPhone: "12345" }, "contactPhone"],
  ])("answers 400 with the field path to %s", async (_, over, path) => {
    const before = (await gig.outbox()).length;
    const res = await gig.post("/v1/postings", posting(over));
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "body", message: expect.any(String) });
    expect((await gig.outbox()).length).toBe(before);
  });

  it.each([
    ["another city's district", "350582"],
    ["the whole city", "350200"],
  ])("refuses (422) a location in %s, naming locationCode", async (_, locationCode) => {
    const res = await gig.post("/v1/postings", posting({ locationCode }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "locationCode", in: "body", message: expect.any(String) }]);
  });
});

describe("GET /v1/postings/{id}", () => {
  it("shows the market's own posting; another market's is 404 like an unknown one", async () => {
    const mine = await gig.post("/v1/postings", posting());
    expect((await gig.get(`/v1/postings/${mine.body.id}`)).body).toEqual(mine.body);
    const theirs = await gig.get(`/v1/postings/${mine.body.id}`, gig.as.jinjiang);
    const unknown = await gig.get("/v1/postings/00000000-0000-4000-8000-000000000000", gig.as.jinjiang);
    for (const res of [theirs, unknown]) {
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/problem\+json/);
      expect(res.body.type).toBe("urn:pes:problem:posting-not-found");
    }
    expect(theirs.text).not.toContain("思明");
  });

  it("answers 400 for a malformed id", async () => {
    const res = await gig.get("/v1/postings/123");
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ path: "id", in: "path", message: expect.any(String) });
  });
});

describe("PATCH /v1/postings/{id}", () => {
  it("changes the status as the next revision and publishes each change once", async () => {
    const { body } = await gig.post("/v1/postings", posting());
    const filled = await gig.patch(`/v1/postings/${body.id}`, { status: "filled" });
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ id: body.id, status: "filled", revision: 2 });
    const same = await gig.patch(`/v1/postings/${body.id}`, { status: "filled" });
    expect(same.body).toMatchObject({ status: "filled", revision: 2 });
    const reopened = await gig.patch(`/v1/postings/${body.id}`, { status: "open" });
    expect(reopened.body).toMatchObject({ status: "open", revision: 3 });
    const closed = await gig.patch(`/v1/postings/${body.id}`, { status: "closed" });
    expect(closed.body).toMatchObject({ status: "closed", revision: 4 });

    const records = await published(body.id);
    expect(records.map((r) => [r.data.revision, r.data.status])).toEqual([
      [1, "open"],
      [2, "filled"],
      [3, "open"],
      [4, "closed"],
    ]);
    // Every revision is the whole record, with the contact and the market's area.
    for (const r of records) {
      expect(r.data).toMatchObject({
        contactPhone: "13812341234",
        cityCode: "350200",
        districtCode: "350203",
      });
      expect(r.headers.ce_source).toBe("/gig/xm-siming-gig");
    }
    expect((await gig.get(`/v1/postings/${body.id}`)).body).toMatchObject({ status: "closed", revision: 4 });
  });

  it.each([
    ["closed", "open"],
    ["cancelled", "open"],
    ["cancelled", "filled"],
  ])("refuses (409) a %s posting becoming %s", async (from, to) => {
    const { body } = await gig.post("/v1/postings", posting());
    expect((await gig.patch(`/v1/postings/${body.id}`, { status: from })).status).toBe(200);
    const res = await gig.patch(`/v1/postings/${body.id}`, { status: to });
    expect(res.status).toBe(409);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/final/);
    expect(await published(body.id)).toHaveLength(2);
  });

  it("answers 404 for another market's posting and changes nothing", async () => {
    const { body } = await gig.post("/v1/postings", posting());
    const res = await gig.patch(`/v1/postings/${body.id}`, { status: "cancelled" }, gig.as.jinjiang);
    expect(res.status).toBe(404);
    expect((await gig.get(`/v1/postings/${body.id}`)).body).toMatchObject({ status: "open", revision: 1 });
    expect(await published(body.id)).toHaveLength(1);
  });

  it.each([
    ["no status", {}],
    ["an unknown status", { status: "paused" }],
  ])("answers 400 with the field path to %s", async (_, patch) => {
    const { body } = await gig.post("/v1/postings", posting());
    const res = await gig.patch(`/v1/postings/${body.id}`, patch);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ path: "status", in: "body", message: expect.any(String) });
  });
});

describe("GET /v1/postings", () => {
  it("pages the market's postings newest first, filters by status, and never shows another market's", async () => {
    const market = await gig.get("/v1/market", gig.as.jinjiang);
    expect(market.status).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await gig.post(
        "/v1/postings",
        posting({ locationCode: "350582", title: `晋江 ${i}` }),
        gig.as.jinjiang,
      );
      expect(res.status).toBe(201);
      ids.unshift(res.body.id);
    }
    await gig.patch(`/v1/postings/${ids[1]}`, { status: "filled" }, gig.as.jinjiang);
    await gig.patch(`/v1/postings/${ids[3]}`, { status: "cancelled" }, gig.as.jinjiang);

    const all = (await gig.get("/v1/postings?limit=100", gig.as.jinjiang)).body;
    const created = all.items.map((p: { postedAt: string }) => p.postedAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(new Set(all.items.map((p: { id: string }) => p.id))).toEqual(new Set(ids));
    expect(all.nextCursor).toBeNull();

    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await gig.get(`/v1/postings?limit=2${cursor ? `&cursor=${cursor}` : ""}`, gig.as.jinjiang);
      paged.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(paged).toEqual(all.items.map((p: { id: string }) => p.id));

    const open = (await gig.get("/v1/postings?status=open", gig.as.jinjiang)).body.items;
    expect(open.map((p: { id: string }) => p.id).sort()).toEqual([ids[0], ids[2], ids[4]].sort());
    const filled = (await gig.get("/v1/postings?status=filled", gig.as.jinjiang)).body.items;
    expect(filled.map((p: { id: string }) => p.id)).toEqual([ids[1]]);

    const simings = (await gig.get("/v1/postings?limit=100")).body.items.map((p: { id: string }) => p.id);
    for (const id of ids) expect(simings).not.toContain(id);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    [`cursor=${Buffer.from('["yesterday","x"]').toString("base64url")}`, "cursor"],
    ["status=paused", "status"],
  ])("answers 400 with the query parameter to ?%s", async (query, path) => {
    const res = await gig.get(`/v1/postings?${query}`);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "query", message: expect.any(String) });
  });
});
