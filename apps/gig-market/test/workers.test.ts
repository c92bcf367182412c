import type { Logger } from "@pes/http";
import { makeResidentId } from "@pes/schemas";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { type GigApp, type Headers, idNumber as newIdNumber, rows, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("workers");
});
afterAll(async () => gig?.close());

/** A fresh valid ID number of 思明 for each worker (the kit's person factory), so tests do not collide on one person. */
const freshId = () => newIdNumber();

/** A valid registration with consent, to vary per test. */
const worker = (over: Record<string, unknown> = {}) => ({
  idNumber: freshId(),
  name: "陈明",
  mobile: "13812341234",
  consent: { given: true, givenAt: "2025-06-30T09:00:00+08:00" },
  occupations: ["4-10-01-01", "保洁"],
  preferredPlaces: ["350203005", "350206"],
  expectedPay: { amountFen: 20000, per: "day" },
  availableFrom: "2025-07-01",
  availableUntil: "2025-12-31",
  ...over,
});

const withKey = (key: string, headers: Headers = gig.as.siming): Headers => ({
  ...headers,
  "idempotency-key": key,
});

/** Every stored row of gm_workers (and the kept idempotent answers) as PostgreSQL prints it. */
async function storedText(): Promise<string> {
  const workers = await rows<{ t: string }>(gig.db, sql`select w::text as t from gm_workers w`);
  const kept = await rows<{ t: string }>(gig.db, sql`select r::text as t from gm_idempotent_requests r`);
  return [...workers, ...kept].map((r) => r.t).join("\n");
}

const workerCount = async () =>
  Number((await rows<{ n: string }>(gig.db, sql`select count(*) as n from gm_workers`))[0]!.n);

describe("POST /v1/workers", () => {
  it("registers a consenting worker and answers masked: the market never gets the clear ID back", async () => {
    // A known answer of GB 11643, not the kit's factory: the check character of this very number.
    const idNumber = makeResidentId("350203", "1990-03-04", 123);
    expect(idNumber).toBe("35020319900304123X");
    const res = await gig.post("/v1/workers", worker({ idNumber }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: "active",
      idNumber: "3502**********123X",
      name: "陈*",
      mobile: "138****1234",
      consent: {
        purpose: "matching and placement by this market",
        givenAt: "2025-06-30T01:00:00.000Z",
        withdrawnAt: null,
      },
      occupations: ["4-10-01-01", "保洁"],
      preferredPlaces: ["350203005", "350206"],
      expectedPay: { amountFen: 20000, per: "day" },
      availableFrom: "2025-07-01",
      availableUntil: "2025-12-31",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.text).not.toContain(idNumber);
    expect(res.text).not.toContain("陈明");
    expect(res.text).not.toContain("13812341234");
  });

  it("takes a minimal registration: no mobile, preferences or dates; consent time defaults to now", async () => {
    const before = Date.now();
    const res = await gig.post("/v1/workers", {
      idNumber: freshId(),
      name: "林小红",
      consent: { given: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "林**",
      mobile: null,
      occupations: [],
      preferredPlaces: [],
      expectedPay: null,
      availableFrom: null,
      availableUntil: null,
    });
    expect(Date.parse(res.body.consent.givenAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("accepts the whole city as a preferred place, and a lowercase x in the ID number", async () => {
    const idNumber = "35020319900304123x";
    // That one is registered above; a lower-case x is the same person.
    const dup = await gig.post("/v1/workers", worker({ idNumber }));
    expect(dup.status).toBe(409);
    const res = await gig.post("/v1/workers", worker({ preferredPlaces: ["350200"] }));
    expect(res.status).toBe(201);
    expect(res.body.preferredPlaces).toEqual(["350200"]);
  });

  it("keeps the ID number, name and mobile only encrypted at rest", async () => {
    const idNumber = freshId();
    const res = await gig.post(
      "/v1/workers",
      worker({ idNumber, name: "黄志强", mobile: "+86 139 0592 8888" }),
      withKey("at-rest-1"),
    );
    expect(res.status).toBe(201);
    expect(res.body.mobile).toBe("139****8888");
    const text = await storedText();
    expect(text).toContain(res.body.id);
    for (const clear of [idNumber, idNumber.slice(0, 17), "黄志强", "13905928888", "139 0592 8888"])
      expect(text).not.toContain(clear);
    const [row] = await rows<Record<string, unknown>>(
      gig.db,
      sql`select * from gm_workers where id = ${res.body.id}`,
    );
    expect(row).toMatchObject({
      person_key: expect.stringMatching(/^pk_/),
      id_number_enc: expect.any(String),
      name_enc: expect.any(String),
      mobile_enc: expect.any(String),
    });
  });

  it("refuses (422) a registration without the worker's consent, and stores nothing", async () => {
    const before = await workerCount();
    for (const consent of [undefined, { given: false }]) {
      const idNumber = freshId();
      const res = await gig.post("/v1/workers", worker({ idNumber, consent }));
      expect(res.status).toBe(422);
      expect(res.type).toMatch(/problem\+json/);
      expect(res.body).toMatchObject({
        type: "urn:pes:problem:consent-required",
        errors: [{ path: "consent", in: "body", message: expect.any(String) }],
      });
      expect(res.text).not.toContain(idNumber);
    }
    expect(await workerCount()).toBe(before);
  });

  it("refuses (409) a second registration of the same person in the same market; another market may register them", async () => {
    const idNumber = freshId();
    expect((await gig.post("/v1/workers", worker({ idNumber }))).status).toBe(201);
    const again = await gig.post("/v1/workers", worker({ idNumber, name: "陈明明", occupations: [] }));
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/problem\+json/);
    expect(again.body.type).toBe("urn:pes:problem:worker-exists");
    expect(again.text).not.toContain(idNumber);
    const elsewhere = await gig.post(
      "/v1/workers",
      worker({ idNumber, preferredPlaces: ["350582"] }),
      gig.as.jinjiang,
    );
    expect(elsewhere.status).toBe(201);
  });

  it.each([
    ["an ID number with a wrong check digit", { idNumber: "350203199003071231" }, "idNumber"],
    ["an ID number of 17 characters", { idNumber: "35020319900307123" }, "idNumber"],
    [
      "an ID number with a birth date that does not exist",
      { idNumber: newIdNumber({ birthDate: "1990-02-28" }).replace("19900228", "19900230") },
      "idNumber",
    ],
    ["no ID number", { idNumber: undefined }, "idNumber"],
    ["an empty name", { name: "  " }, "name"],
    ["no name", { name: undefined }, "name"],
    ["a bad mobile", { mobile: "12345" }, "mobile"],
    ["a landline as mobile", { mobile: "0592-1234567" }, "mobile"],
    ["consent that is not a yes or no", { consent: { given: "yes" } }, "consent.given"],
    [
      "a consent time that is not a time",
      { consent: { given: true, givenAt: "yesterday" } },
      "consent.givenAt",
    ],
    [
      "consent given in the future",
      { consent: { given: true, givenAt: "2099-01-01T00:00:00Z" } },
      "consent.givenAt",
    ],
    ["a malformed occupation code", { occupations: ["4-1"] }, "occupations.0"],
    ["an empty occupation", { occupations: ["保洁", " "] }, "occupations.1"],
    ["occupations that are not a list", { occupations: "保洁" }, "occupations"],
    ["a place outside Fujian", { preferredPlaces: ["110101"] }, "preferredPlaces.0"],
    ["a malformed place", { preferredPlaces: ["350203005", "思明"] }, "preferredPlaces.1"],
    ["negative pay", { expectedPay: { amountFen: -1, per: "day" } }, "expectedPay.amountFen"],
    ["pay in fractions of a fen", { expectedPay: { amountFen: 12.5, per: "hour" } }, "expectedPay.amountFen"],
    ["pay per week", { expectedPay: { amountFen: 100, per: "week" } }, "expectedPay.per"],
    ["a date that does not exist", { availableFrom: "2025-02-30" }, "availableFrom"],
    [
      "availableUntil before availableFrom",
      { availableFrom: "2025-07-10", availableUntil: "2025-07-09" },
      "availableUntil",
    ],
  ])("answers 400 with the field path to %s, storing nothing", async (_, over, path) => {
    const before = await workerCount();
    const res = await gig.post("/v1/workers", worker(over));
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "body", message: expect.any(String) });
    expect(await workerCount()).toBe(before);
  });

  it("never echoes a refused ID number, name or mobile in the problem", async () => {
    const res = await gig.post(
      "/v1/workers",
      worker({ idNumber: "350203199003071231", name: "", mobile: "12345678" }),
    );
    expect(res.status).toBe(400);
    expect(res.text).not.toContain("350203199003071231");
    expect(res.text).not.toContain("12345678");
  });

  it("refuses (422) a preferred place in another city of Fujian, naming it", async () => {
    const res = await gig.post("/v1/workers", worker({ preferredPlaces: ["350203", "350582"] }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "preferredPlaces.1", in: "body", message: expect.any(String) }]);
  });

  it("answers an idempotent retry with the same worker instead of a 409", async () => {
    const body = worker();
    const first = await gig.post("/v1/workers", body, withKey("worker-retry-1"));
    expect(first.status).toBe(201);
    const again = await gig.post("/v1/workers", body, withKey("worker-retry-1"));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const same = await rows(gig.db, sql`select id from gm_workers where id = ${first.body.id}`);
    expect(same).toHaveLength(1);
    // Without the key the same registration is the duplicate it is.
    expect((await gig.post("/v1/workers", body)).status).toBe(409);
  });
});

describe("GET /v1/workers/{id}", () => {
  it("shows the market's own worker masked; another market's is 404 like an unknown one", async () => {
    const mine = await gig.post("/v1/workers", worker());
    const shown = await gig.get(`/v1/workers/${mine.body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(mine.body);
    const theirs = await gig.get(`/v1/workers/${mine.body.id}`, gig.as.jinjiang);
    const unknown = await gig.get("/v1/workers/00000000-0000-4000-8000-000000000000", gig.as.jinjiang);
    for (const res of [theirs, unknown]) {
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/problem\+json/);
      expect(res.body.type).toBe("urn:pes:problem:worker-not-found");
    }
    expect(theirs.text).not.toContain("陈");
  });

  it("answers 401 without a key and 400 for a malformed id", async () => {
    const { body } = await gig.post("/v1/workers", worker());
    for (const [method, path] of [
      ["GET", "/v1/workers"],
      ["GET", `/v1/workers/${body.id}`],
      ["PATCH", `/v1/workers/${body.id}`],
      ["DELETE", `/v1/workers/${body.id}`],
      ["POST", "/v1/workers"],
    ] as const) {
      const res = await gig.call(
        method,
        path,
        {},
        method === "GET" || method === "DELETE" ? undefined : worker(),
      );
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect((await gig.get(`/v1/workers/${body.id}`)).body.status).toBe("active");
    const bad = await gig.get("/v1/workers/123");
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual({ path: "id", in: "path", message: expect.any(String) });
  });
});

describe("PATCH /v1/workers/{id}", () => {
  it("changes occupations, places, pay and availability; the rest stays", async () => {
    const { body } = await gig.post("/v1/workers", worker());
    const res = await gig.patch(`/v1/workers/${body.id}`, {
      occupations: ["4-02-02-01"],
      preferredPlaces: ["350206"],
      expectedPay: { amountFen: 3000, per: "hour" },
      availableUntil: "2026-01-31",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...body,
      occupations: ["4-02-02-01"],
      preferredPlaces: ["350206"],
      expectedPay: { amountFen: 3000, per: "hour" },
      availableUntil: "2026-01-31",
      updatedAt: expect.any(String),
    });
    const cleared = await gig.patch(`/v1/workers/${body.id}`, { expectedPay: null, availableFrom: null });
    expect(cleared.body).toMatchObject({
      expectedPay: null,
      availableFrom: null,
      availableUntil: "2026-01-31",
    });
    expect((await gig.get(`/v1/workers/${body.id}`)).body).toEqual(cleared.body);
  });

  it.each([
    ["an ID number, which cannot change", { idNumber: "35020319900304123X" }, "(root)"],
    ["a place outside Fujian", { preferredPlaces: ["110101"] }, "preferredPlaces.0"],
    ["negative pay", { expectedPay: { amountFen: -100, per: "day" } }, "expectedPay.amountFen"],
    ["a bad occupation code", { occupations: ["9-99-99-99-99"] }, "occupations.0"],
    ["a date that does not exist", { availableUntil: "2025-13-01" }, "availableUntil"],
  ])("answers 400 to %s and changes nothing", async (_, patch, path) => {
    const { body } = await gig.post("/v1/workers", worker());
    const res = await gig.patch(`/v1/workers/${body.id}`, patch);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "body", message: expect.any(String) });
    expect((await gig.get(`/v1/workers/${body.id}`)).body).toEqual(body);
  });

  it("refuses (422) availableUntil before the stored availableFrom, and a place in another city", async () => {
    const { body } = await gig.post("/v1/workers", worker());
    const until = await gig.patch(`/v1/workers/${body.id}`, { availableUntil: "2025-06-01" });
    expect(until.status).toBe(422);
    expect(until.body.errors).toEqual([{ path: "availableUntil", in: "body", message: expect.any(String) }]);
    const place = await gig.patch(`/v1/workers/${body.id}`, { preferredPlaces: ["350582"] });
    expect(place.status).toBe(422);
    expect((await gig.get(`/v1/workers/${body.id}`)).body).toEqual(body);
  });

  it("answers 404 for another market's worker and changes nothing", async () => {
    const { body } = await gig.post("/v1/workers", worker());
    const res = await gig.patch(`/v1/workers/${body.id}`, { occupations: ["搬运"] }, gig.as.jinjiang);
    expect(res.status).toBe(404);
    expect((await gig.get(`/v1/workers/${body.id}`)).body).toEqual(body);
  });
});

describe("DELETE /v1/workers/{id}", () => {
  it("erases the worker's personal data on withdrawal and keeps the record only as withdrawn", async () => {
    const idNumber = freshId();
    const { body } = await gig.post(
      "/v1/workers",
      worker({ idNumber, name: "郑海燕", mobile: "13700001111" }),
    );
    const res = await gig.del(`/v1/workers/${body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: body.id,
      status: "withdrawn",
      idNumber: null,
      name: null,
      mobile: null,
      consent: {
        purpose: body.consent.purpose,
        givenAt: body.consent.givenAt,
        withdrawnAt: expect.any(String),
      },
      occupations: [],
      preferredPlaces: [],
      expectedPay: null,
      availableFrom: null,
      availableUntil: null,
      createdAt: body.createdAt,
      updatedAt: expect.any(String),
    });
    const [row] = await rows<Record<string, unknown>>(
      gig.db,
      sql`select * from gm_workers where id = ${body.id}`,
    );
    expect(row).toMatchObject({
      status: "withdrawn",
      person_key: null,
      id_number_enc: null,
      name_enc: null,
      mobile_enc: null,
      expected_pay: null,
    });
    // Withdrawing again changes nothing; the withdrawn worker cannot be changed; GET shows the withdrawal.
    expect((await gig.del(`/v1/workers/${body.id}`)).body).toEqual(res.body);
    const patched = await gig.patch(`/v1/workers/${body.id}`, { occupations: ["保洁"] });
    expect(patched.status).toBe(409);
    expect((await gig.get(`/v1/workers/${body.id}`)).body).toEqual(res.body);
    // The person may register again, as a new worker.
    const again = await gig.post("/v1/workers", worker({ idNumber }));
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(body.id);
  });

  it("answers 404 for another market's worker and erases nothing", async () => {
    const { body } = await gig.post("/v1/workers", worker());
    const res = await gig.del(`/v1/workers/${body.id}`, gig.as.jinjiang);
    expect(res.status).toBe(404);
    expect((await gig.get(`/v1/workers/${body.id}`)).body).toEqual(body);
  });
});

describe("GET /v1/workers", () => {
  it("pages the market's workers newest first, filters by status, and never shows another market's", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await gig.post("/v1/workers", worker({ preferredPlaces: ["350582"] }), gig.as.jinjiang);
      expect(res.status).toBe(201);
      ids.unshift(res.body.id);
    }
    await gig.del(`/v1/workers/${ids[2]}`, gig.as.jinjiang);

    const all = (await gig.get("/v1/workers?limit=100", gig.as.jinjiang)).body;
    const mine = all.items.map((w: { id: string }) => w.id).filter((id: string) => ids.includes(id));
    expect(mine).toEqual(ids);
    for (const w of all.items) if (w.status === "active") expect(w.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await gig.get(`/v1/workers?limit=2${cursor ? `&cursor=${cursor}` : ""}`, gig.as.jinjiang);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.items.map((w: { id: string }) => w.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((w: { id: string }) => w.id));

    const withdrawn = (await gig.get("/v1/workers?status=withdrawn", gig.as.jinjiang)).body.items;
    expect(withdrawn.map((w: { id: string }) => w.id)).toContain(ids[2]);
    const active = (await gig.get("/v1/workers?status=active&limit=100", gig.as.jinjiang)).body.items;
    expect(active.map((w: { id: string }) => w.id)).not.toContain(ids[2]);

    const simings = (await gig.get("/v1/workers?limit=100")).body.items.map((w: { id: string }) => w.id);
    for (const id of ids) expect(simings).not.toContain(id);
  });

  it.each([
    ["limit=0", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    ["status=paused", "status"],
  ])("answers 400 with the query parameter to ?%s", async (query, path) => {
    const res = await gig.get(`/v1/workers?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ path, in: "query", message: expect.any(String) });
  });
});

describe("logging", () => {
  it("never logs a worker's ID number, name or mobile, whatever the answer", async () => {
    const lines: string[] = [];
    const record = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      lines.push(JSON.stringify({ level, msg, ...fields }));
    const logger: Logger = { info: record("info"), warn: record("warn"), error: record("error") };
    const app = createApp({ ...gig.services, logger });
    const send = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { ...gig.as.siming, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const idNumber = freshId();
    const body = worker({ idNumber, name: "欧阳小雨", mobile: "13655556666" });
    const created = (await (await send("POST", "/v1/workers", body)).json()) as { id: string };
    await send("POST", "/v1/workers", body); // 409
    await send("POST", "/v1/workers", { ...body, consent: { given: false } }); // 422
    await send("POST", "/v1/workers", { ...body, idNumber: `${idNumber.slice(0, 17)}0`, mobile: "1365555" }); // 400
    await send("GET", `/v1/workers/${created.id}`);
    await send("GET", "/v1/workers");
    await send("DELETE", `/v1/workers/${created.id}`);
    expect(lines.length).toBeGreaterThanOrEqual(7);
    const logged = lines.join("\n");
    for (const clear of [idNumber, idNumber.slice(0, 17), "欧阳小雨", "13655556666", "1365555"])
      expect(logged).not.toContain(clear);
  });
});
