import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import {
  type Cursor,
  CursorQuery,
  createLogger,
  createServiceApp,
  decodeCursor,
  encodeCursor,
  errorResponses,
  type Problem,
  pageFrom,
  readCursor,
} from "../src/index.js";

const ID = "0b9c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4";
const b64 = (text: string) => Buffer.from(text).toString("base64url");

describe("the list cursor", () => {
  it("round-trips the time and id, opaque and URL-safe", () => {
    const cursor = { at: "2025-05-05T02:00:00.123456Z", id: ID };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it("keeps microseconds: rows in one millisecond get distinct cursors, in their order", () => {
    // A Date would make all three 02:00:00.123Z, and paging from the first would skip the others.
    const ats = ["2025-05-05T02:00:00.123100Z", "2025-05-05T02:00:00.123400Z", "2025-05-05T02:00:00.123700Z"];
    const back = ats.map((at) => decodeCursor(encodeCursor({ at, id: ID }))?.at);
    expect(back).toEqual(ats);
    expect([...back].sort()).toEqual(ats);
  });

  it.each([
    ["not base64 JSON", "not-a-cursor"],
    ["empty", ""],
    ["a word for the time", b64('["yesterday","x"]')],
    ["an id that is no uuid", b64(`["2025-05-05T02:00:00.123456Z","x"]`)],
    ["a day that does not exist", b64(`["2025-02-30T02:00:00Z","${ID}"]`)],
    ["a time without its zone", b64(`["2025-05-05T02:00:00.123456","${ID}"]`)],
    ["more than microseconds", b64(`["2025-05-05T02:00:00.1234567Z","${ID}"]`)],
    ["an object", b64(`{"at":"2025-05-05T02:00:00Z","id":"${ID}"}`)],
    ["a third member", b64(`["2025-05-05T02:00:00Z","${ID}",1]`)],
  ])("refuses %s", (_, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });

  it("reads no cursor as the first page, and a malformed one as a 422 at cursor in the query", () => {
    expect(readCursor(undefined)).toBeUndefined();
    expect(readCursor("")).toBeUndefined();
    expect(readCursor(encodeCursor({ at: "2025-05-05T02:00:00Z", id: ID }))?.id).toBe(ID);
    expect(() => readCursor("nonsense")).toThrow(
      expect.objectContaining({
        kind: "invalid",
        code: "invalid-cursor",
        errors: [{ path: "cursor", in: "query", message: expect.any(String) }],
      }),
    );
  });

  it("pages limit rows of limit + 1, with the next cursor of the last row shown", () => {
    const rows = [1, 2, 3].map((n) => ({ n, cursor: { at: `2025-05-05T02:00:0${n}Z`, id: ID } }));
    const cursorOf = (r: { cursor: Cursor }) => r.cursor;
    const more = pageFrom(rows, 2, cursorOf);
    expect(more.rows.map((r) => r.n)).toEqual([1, 2]);
    expect(decodeCursor(more.nextCursor ?? "")).toEqual(rows[1]?.cursor);
    expect(pageFrom(rows, 3, cursorOf)).toEqual({ rows, nextCursor: null });
    expect(pageFrom([], 3, cursorOf)).toEqual({ rows: [], nextCursor: null });
    // Rows that carry their time as cursorAt, as newestFirst(…).at selected under that name, need no cursorOf.
    const selected = rows.map((r) => ({ ...r, cursorAt: r.cursor.at, id: r.cursor.id }));
    expect(decodeCursor(pageFrom(selected, 1).nextCursor ?? "")).toEqual(rows[0]?.cursor);
  });
});

describe("the cursor query parameter", () => {
  const app = createServiceApp({
    service: "list",
    version: "1",
    logger: createLogger("list", { silent: true }),
  });
  app.openapi(
    createRoute({
      method: "get",
      path: "/things",
      request: { query: z.object({ cursor: CursorQuery }) },
      responses: {
        200: {
          description: "A page",
          content: { "application/json": { schema: z.object({ id: z.string().nullable() }) } },
        },
        ...errorResponses,
      },
    }),
    (c) => c.json({ id: readCursor(c.req.valid("query").cursor)?.id ?? null }, 200),
  );

  it("answers a malformed cursor with the 400 problem at cursor in the query", async () => {
    const res = await app.request("/things?cursor=bogus");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(((await res.json()) as Problem).errors).toEqual([
      { path: "cursor", in: "query", message: "is not a cursor this API returned" },
    ]);
  });

  it("takes a cursor it gave, and none", async () => {
    const cursor = encodeCursor({ at: "2025-05-05T02:00:00.123456Z", id: ID });
    expect(await (await app.request(`/things?cursor=${cursor}`)).json()).toEqual({ id: ID });
    expect(await (await app.request("/things")).json()).toEqual({ id: null });
  });
});
