import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestNode, testApp } from "./support/index.js";

/** The city console's session (issue 20 #8): a staff token signs in to a session token of its own. */
let node: TestNode;
let token: string;

async function login(staffToken: string, headers: Record<string, string> = {}) {
  const res = await node.app.request("/console/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token: staffToken }).toString(),
  });
  return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}

beforeAll(async () => {
  node = await testApp("cityconsole");
  token = node.staff.simingClerk.headers.authorization!.replace("Bearer ", "");
});
afterAll(() => node?.close());

describe("the city console", () => {
  it("sends a visitor without a session to sign in, in Chinese until they switch", async () => {
    const page = await node.app.request("/console/work-list");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/console/login");
    expect(await (await node.app.request("/console/login")).text()).toContain("工作人员登录");
    const english = await node.app.request("/console/login", { headers: { cookie: "pes_lang=en" } });
    expect(await english.text()).toContain("Staff sign-in");
  });

  it("refuses an unknown token and sets no cookie", async () => {
    const { res } = await login("pes_cn_not-a-token");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("keeps a session token of its own in an HttpOnly, SameSite=Strict cookie, which reads the API as the staff member", async () => {
    const { res, cookie } = await login(token);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/work-list");
    const set = res.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/^pes_city_console=pes_cn_/);
    expect(cookie).not.toContain(token);
    const page = await node.app.request("/console/work-list", { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('src="/console/assets/work-list.js"');
    const list = await node.app.request("/v1/work-list", { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ total: 0, items: [] });
    const status = await node.app.request("/v1/node/status", { headers: { cookie } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ outbox: { pending: expect.any(Number) }, imports: [] });
  });

  it("refuses a write by the session cookie without the console's header, and a login from another site", async () => {
    const { cookie } = await login(token);
    const write = await node.app.request("/v1/service-records", {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { type: string }).type).toBe("urn:pes:problem:console-header-missing");
    const { res } = await login(token, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
  });

  it("serves the shared kit and its own scripts, and nothing else", async () => {
    for (const name of ["kit.js", "console.css", "work-list.js", "status.js"])
      expect((await node.app.request(`/console/assets/${name}`)).status, name).toBe(200);
    expect((await node.app.request("/console/assets/..%2Fpackage.json")).status).toBe(404);
  });

  it("ends the session on logout: its cookie no longer reads the API", async () => {
    const { cookie } = await login(token);
    const out = await node.app.request("/console/logout", { method: "POST", headers: { cookie } });
    expect(out.status).toBe(303);
    expect((await node.app.request("/v1/work-list", { headers: { cookie } })).status).toBe(401);
  });
});
