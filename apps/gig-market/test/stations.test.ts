import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GigApp, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("stations");
});
afterAll(async () => gig?.close());

describe("POST /v1/stations", () => {
  it("adds a station of the market's city", async () => {
    const res = await gig.post("/v1/stations", { name: "梧村街道零工驿站", divisionCode: "350203005" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "梧村街道零工驿站",
      divisionCode: "350203005",
      createdAt: expect.any(String),
    });
  });

  it("refuses (409) a second station of the same name in the same market, not in another", async () => {
    const body = { name: "同名驿站", divisionCode: "350206" };
    expect((await gig.post("/v1/stations", body)).status).toBe(201);
    const again = await gig.post("/v1/stations", body);
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/problem\+json/);
    expect(
      (await gig.post("/v1/stations", { ...body, divisionCode: "350582" }, gig.as.jinjiang)).status,
    ).toBe(201);
  });

  it.each([
    ["no name", { divisionCode: "350203" }, "name"],
    ["an empty name", { name: " ", divisionCode: "350203" }, "name"],
    ["no division code", { name: "驿站" }, "divisionCode"],
    ["a malformed division code", { name: "驿站", divisionCode: "35020" }, "divisionCode"],
    ["an unknown district", { name: "驿站", divisionCode: "350299" }, "divisionCode"],
    ["a division outside Fujian", { name: "驿站", divisionCode: "110101" }, "divisionCode"],
  ])("answers 400 with the field path to %s", async (_, body, path) => {
    const res = await gig.post("/v1/stations", body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "body", message: expect.any(String) });
  });

  it.each([
    ["another city's district", "350582"],
    ["another city's street", "350582001"],
    ["the whole city", "350200"],
  ])("refuses (422) %s, naming divisionCode", async (_, divisionCode) => {
    const res = await gig.post("/v1/stations", { name: `驿站 ${divisionCode}`, divisionCode });
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([{ path: "divisionCode", in: "body", message: expect.any(String) }]);
  });
});

describe("GET /v1/stations and /v1/stations/{id}", () => {
  it("lists and shows only the caller's stations; another market's is 404", async () => {
    const mine = await gig.post("/v1/stations", { name: "湖里驿站", divisionCode: "350206" });
    const theirs = await gig.post(
      "/v1/stations",
      { name: "晋江驿站", divisionCode: "350582" },
      gig.as.jinjiang,
    );
    const listed = await gig.get("/v1/stations?limit=100");
    expect(listed.status).toBe(200);
    const ids = listed.body.items.map((s: { id: string }) => s.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(theirs.body.id);
    expect(listed.body.nextCursor).toBeNull();

    expect((await gig.get(`/v1/stations/${mine.body.id}`)).body).toEqual(mine.body);
    const hidden = await gig.get(`/v1/stations/${theirs.body.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.type).toMatch(/problem\+json/);
    expect((await gig.get(`/v1/stations/${theirs.body.id}`, gig.as.jinjiang)).status).toBe(200);
  });

  it("pages newest first with a cursor, each station once", async () => {
    for (const n of ["一", "二", "三", "四", "五"])
      await gig.post("/v1/stations", { name: `分页驿站${n}`, divisionCode: "350211" });
    const all = (await gig.get("/v1/stations?limit=100")).body.items as { id: string; createdAt: string }[];
    const created = all.map((s) => s.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await gig.get(`/v1/stations?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.items.map((s: { id: string }) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((s) => s.id));
  });
});
