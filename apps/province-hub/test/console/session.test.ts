import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOperator, issueToken } from "../../src/auth/tokens.js";
import { type TestHub, testApp } from "../support/index.js";

let hub: TestHub;
let token: string;
const NAME = `<script>alert(1)</script>值班员`;

/** Logs in through the form; returns the session cookie ("pes_console=…"). */
async function login(operatorToken: string) {
  const res = await hub.app.request("/console/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: operatorToken }).toString(),
  });
  return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}

describe("the console's session", () => {
  beforeAll(async () => {
    hub = await testApp("consolesession");
    const id = await createOperator(hub.db.db, NAME, "operator");
    token = await issueToken(hub.db.db, id, "test");
  });
  afterAll(() => hub.close());

  it("sends a visitor without a session to the login page, in Chinese until they switch", async () => {
    const page = await hub.app.request("/console/indicators");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/console/login");
    const form = await hub.app.request("/console/login", { headers: { "accept-language": "en-US,en" } });
    expect(await form.text()).toContain("运营人员登录");
    const english = await hub.app.request("/console/login", { headers: { cookie: "pes_lang=en" } });
    expect(await english.text()).toContain("Operator login");
  });

  it("refuses an unknown token and sets no cookie", async () => {
    const { res } = await login("pes_ph_not-a-token");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("令牌无效");
  });

  it("keeps a session token of its own in an HttpOnly, SameSite=Strict cookie, never the operator's token", async () => {
    const { res, cookie } = await login(token);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/streams");
    const set = res.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Expires=/);
    expect(cookie).toMatch(/^pes_console=pes_ph_/);
    expect(cookie).not.toContain(token);

    const page = await hub.app.request("/console/streams", { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    // The operator's name is text, never markup.
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain('src="/console/assets/streams.js"');

    const api = await hub.app.request("/v1/indicators?city=350200&period=2026-11", { headers: { cookie } });
    expect(api.status).toBe(200);
  });

  it("marks the cookie Secure when the browser came over https (directly or through a proxy)", async () => {
    const form = { token };
    const direct = await hub.app.request("https://hub.example/console/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    expect(direct.headers.get("set-cookie")).toMatch(/; Secure/);
    const proxied = await hub.app.request("/console/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-proto": "https" },
      body: new URLSearchParams(form).toString(),
    });
    expect(proxied.headers.get("set-cookie")).toMatch(/; Secure/);
    const { res } = await login(token);
    expect(res.headers.get("set-cookie")).not.toMatch(/Secure/);
  });

  it("refuses a write by cookie without the console's header (cross-site forms), not one by bearer token", async () => {
    const { cookie } = await login(token);
    const path = "/v1/dead-letters/0/1/replay";
    const byCookie = await hub.app.request(path, { method: "POST", headers: { cookie } });
    expect(byCookie.status).toBe(403);
    expect(((await byCookie.json()) as { detail: string }).detail).toContain("x-pes-console");
    const fromConsole = await hub.app.request(path, {
      method: "POST",
      headers: { cookie, "x-pes-console": "1" },
    });
    expect(fromConsole.status).toBe(503); // past the guard: this hub runs without streams
    const byBearer = await hub.app.request(path, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byBearer.status).toBe(503);
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example" }],
    ["an opaque Origin (null)", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (a sibling host)", { "sec-fetch-site": "same-site" }],
    ["its own host under another scheme's port", { origin: "http://localhost:8443" }],
  ])("refuses a login POSTed from %s: 403 problem, no session", async (_, headers) => {
    const res = await hub.app.request("/console/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("accepts a login from its own pages (same Origin, same-origin fetch metadata) or typed directly", async () => {
    const sources: Record<string, string>[] = [
      { origin: "http://localhost", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      { origin: "https://hub.example", "x-forwarded-host": "hub.example", "x-forwarded-proto": "https" },
    ];
    for (const headers of sources) {
      const res = await hub.app.request("/console/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(res.status, JSON.stringify(headers)).toBe(303);
    }
  });

  it("revokes the session's token on logout", async () => {
    const { cookie } = await login(token);
    const out = await hub.app.request("/console/logout", { method: "POST", headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/pes_console=;/);
    const after = await hub.app.request("/v1/indicators?period=2026-11", { headers: { cookie } });
    expect(after.status).toBe(401);
    // The operator's own token is untouched.
    expect(
      (
        await hub.app.request("/v1/indicators?period=2026-11", {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(200);
  });

  it("switches language and returns only to a console page", async () => {
    const res = await hub.app.request("/console/language?to=en&back=/console/vouchers");
    expect(res.headers.get("location")).toBe("/console/vouchers");
    expect(res.headers.get("set-cookie")).toContain("pes_lang=en");
    const away = await hub.app.request("/console/language?to=en&back=https://example.com/x");
    expect(away.headers.get("location")).toBe("/console/streams");
  });

  it("serves its scripts and ECharts gzipped with an ETag, and nothing outside its set of files", async () => {
    const echarts = await hub.app.request("/console/assets/echarts.min.js", {
      headers: { "accept-encoding": "gzip" },
    });
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get("content-encoding")).toBe("gzip");
    const etag = echarts.headers.get("etag")!;
    const again = await hub.app.request("/console/assets/echarts.min.js", {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    const script = await hub.app.request("/console/assets/common.js");
    expect(script.headers.get("content-type")).toContain("text/javascript");
    for (const name of ["..%2Fpackage.json", "session.ts", "missing.js"])
      expect((await hub.app.request(`/console/assets/${name}`)).status).toBe(404);
  });

  it("has no live stream without a broker: 503 problem", async () => {
    const res = await hub.app.request("/v1/streams/live", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
