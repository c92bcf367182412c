import { testApp as cityNode } from "@pes/city-node/testing";
import { testApp as gigMarket } from "@pes/gig-market/testing";
import { createLogger, type RunningServer, startServer } from "@pes/http";
import { NO_BROKER, testApp as provinceHub } from "@pes/province-hub/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot } from "./support/browser.js";

// Issue 18: a government network has no internet, so each service's /docs must render from what the
// service itself serves. Every request to another host is aborted and recorded; none may be made.

interface Served {
  app: { fetch: (request: Request) => Response | Promise<Response> };
  close(): Promise<void>;
}

const silent = (service: string) => ({ logger: createLogger(service, { silent: true }) });

/**
 * Each service's app on a test database, and the title its page must show (the document's). The
 * page must also show an operation's title: readiness, whose tag the page opens first.
 */
const SERVICES: Array<[service: string, title: string, open: () => Promise<Served>]> = [
  ["city-node", "City node 厦门 350200", () => cityNode("docsoffline", silent("city-node"))],
  [
    "province-hub",
    "Province hub",
    () => provinceHub("docsoffline", { kafka: NO_BROKER, ...silent("province-hub") }),
  ],
  ["gig-market", "Gig market", () => gigMarket("docsoffline", {}, silent("gig-market"))],
];
const OPERATION = "Readiness: every dependency (database, Kafka) answers";
const HOST = "pes-docs.example";

describe("/docs works with no other host reachable", { timeout: 120_000 }, () => {
  let chromium: { browser: Browser; close(): Promise<void> };
  beforeAll(async () => {
    // The service under a name that is not loopback, as in a deployment: Scalar sends requests to
    // loopback addresses directly whatever its proxy setting, and through the proxy otherwise.
    chromium = await launchChromium({ args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
  });
  afterAll(async () => chromium?.close());

  it.each(SERVICES)("%s renders its reference and asks no other host", async (service, title, open) => {
    const served = await open();
    let server: RunningServer | undefined;
    const context = await chromium.browser.newContext();
    try {
      server = await startServer(served.app, { port: 0, hostname: "127.0.0.1" });
      const origin = `http://${HOST}:${server.port}`;
      const outside: string[] = [];
      const inside: string[] = [];
      // The whole context, so workers' and iframes' requests are seen too.
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) {
          inside.push(url);
          return route.continue();
        }
        outside.push(url);
        return route.abort("internetdisconnected");
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      await page.goto(`${origin}/docs`, { waitUntil: "load" });
      try {
        await page.getByText(title).first().waitFor({ state: "visible", timeout: 60_000 });
        await page.getByText(OPERATION).first().waitFor({ state: "visible", timeout: 10_000 });
      } catch (error) {
        await screenshot(page, `docs-${service}-failed`);
        const seen = JSON.stringify({ inside, outside, errors }, null, 1);
        throw new Error(`${(error as Error).message}\n${seen}`);
      }
      // Late requests too (telemetry, fonts a stylesheet asks for): until the network is quiet.
      await page.waitForLoadState("networkidle");
      // Try a request from the page: Scalar sends it through its proxy at scalar.com unless told not to.
      await page
        .getByRole("button", { name: /Test Request/ })
        .first()
        .click();
      await page.getByRole("button", { name: /^Send/ }).first().click();
      await expect
        .poll(() => inside.filter((url) => /\/(healthz|readyz)$/.test(url)).length)
        .toBeGreaterThan(0);
      await page.waitForLoadState("networkidle");
      await screenshot(page, `docs-${service}`);
      expect(inside.some((url) => url.endsWith("/openapi.json"))).toBe(true);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
      await server?.close();
      await served.close();
    }
  });
});
