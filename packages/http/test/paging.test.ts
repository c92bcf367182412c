import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { encodeCursor, PageQuery, pageOf, pageQuery } from "../src/index.js";

const cursor = encodeCursor({
  at: "2025-05-05T02:00:00.123456Z",
  id: "0b9c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4",
});
const issues = (result: { success: boolean; error?: z.ZodError }) =>
  result.error?.issues.map((i) => [i.path.join("."), i.message]);

describe("a list's page query", () => {
  it("reads ?limit= (default 20, 1–100) and a cursor this API gave", () => {
    expect(PageQuery.parse({})).toEqual({ limit: 20 });
    expect(PageQuery.parse({ limit: "100", cursor })).toEqual({ limit: 100, cursor });
    expect(issues(PageQuery.safeParse({ limit: "0" }))).toEqual([["limit", "must be from 1 to 100"]]);
    expect(issues(PageQuery.safeParse({ limit: "101" }))).toEqual([["limit", "must be from 1 to 100"]]);
    expect(issues(PageQuery.safeParse({ limit: "2.5" }))).toEqual([["limit", "must be a whole number"]]);
    expect(issues(PageQuery.safeParse({ cursor: "bm9wZQ" }))).toEqual([
      ["cursor", "is not a cursor this API returned"],
    ]);
  });

  it("takes a list's own bounds, and leaves a malformed cursor to the handler when asked", () => {
    const query = pageQuery({ max: 500, defaultLimit: 100, cursorCheck: "handler" });
    expect(query.parse({})).toEqual({ limit: 100 });
    expect(query.parse({ limit: "500", cursor: "bm9wZQ" })).toEqual({ limit: 500, cursor: "bm9wZQ" });
    expect(issues(query.safeParse({ limit: "501" }))).toEqual([["limit", "must be from 1 to 500"]]);
    expect(query.safeParse({ cursor: "x".repeat(201) }).success).toBe(false);
  });
});

describe("a list's page", () => {
  const Item = z.object({ id: z.string() });

  it("is { items, nextCursor }", () => {
    const Page = pageOf(Item, "TestPage");
    expect(Object.keys(Page.shape)).toEqual(["items", "nextCursor"]);
    expect(Page.parse({ items: [{ id: "a" }], nextCursor: null })).toEqual({
      items: [{ id: "a" }],
      nextCursor: null,
    });
    expect(Page.safeParse({ items: [] }).success).toBe(false);
  });

  it("names its cursor otherwise where a list always has", () => {
    const Page = pageOf(Item, "OtherPage", "next");
    expect(Object.keys(Page.shape)).toEqual(["items", "next"]);
    const page: z.infer<typeof Page> = { items: [], next: "abc" };
    expect(Page.parse(page)).toEqual(page);
  });
});
