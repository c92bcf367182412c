import { describe, expect, it } from "vitest";
import { createLogger, createServiceApp, DomainError, registerDocs } from "../src/index.js";

// Every answer of a service made by createServiceApp — its API, /docs, its problems — says: do not
// sniff, do not frame, send no Referer; a route that set its own policy keeps it.

function app() {
  const a = createServiceApp({
    service: "tiny",
    version: "1.0.0",
    logger: createLogger("tiny", { silent: true }),
  });
  a.get("/v1/things", (c) => c.json({ items: [] }));
  a.get("/v1/broken", () => {
    throw new DomainError("invalid", "bad", "no");
  });
  a.get("/v1/crash", () => {
    throw new Error("boom");
  });
  a.get("/page", (c) => {
    c.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    c.header("Referrer-Policy", "same-origin");
    return c.html("<p>page</p>");
  });
  a.get("/moved", () => Response.redirect("http://127.0.0.1/elsewhere", 302));
  registerDocs(a, { title: "Tiny" });
  return a;
}

const expectSecured = (res: Response) => {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
};

describe("security headers", () => {
  it.each(["/v1/things", "/v1/broken", "/v1/crash", "/v1/nothing-here", "/docs", "/openapi.json", "/moved"])(
    "GET %s carries nosniff, frame-ancestors 'none', DENY and no-referrer",
    async (path) => {
      const res = await app().request(path);
      expectSecured(res);
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );

  it("keeps a route's own Content-Security-Policy and Referrer-Policy", async () => {
    const res = await app().request("/page");
    expectSecured(res);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'self'; frame-ancestors 'none'");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
  });
});
