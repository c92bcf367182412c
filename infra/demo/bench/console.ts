// pnpm bench:console [--runs 10] [--cpu 4]: how long the consoles' pages take to show their data, in
// headless Chromium against the platform `pnpm start` runs (its credentials file names the hub, the
// 厦门 node and their admin tokens). --cpu slows the browser's CPU that many times (DevTools emulation): a modest laptop.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import type { Page } from "playwright-core";
import { launchChromium } from "../test/support/browser.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: { runs: { type: "string", default: "10" }, cpu: { type: "string", default: "4" } },
});
const runs = Number(values.runs);
const cpu = Number(values.cpu);
const dir = resolve(new URL("../../../", import.meta.url).pathname, process.env.PES_PLATFORM_DIR ?? ".pes");
const creds = JSON.parse(readFileSync(`${dir}/demo/credentials.json`, "utf8")) as {
  hubAdminToken: string;
  cityTokens: Record<string, string>;
  urls: { hub: string; cities: Record<string, string> };
};

/** Each console, how to sign in, and its pages with what shows that their data is there (not only the shell). */
const CONSOLES: Array<{ base: string; token: string; landing: string; pages: Array<[string, string]> }> = [
  {
    base: creds.urls.hub,
    token: creds.hubAdminToken,
    landing: "/console/streams",
    pages: [
      ["overview", "td[data-testid=cell]"],
      ["streams", "[data-testid=by-stream] tbody tr"],
      ["indicators?city=350200", "tr[data-code]"],
      ["needs?city=350200", "[data-testid=districts] tbody tr"],
      ["vouchers", "tr[data-policy]"],
      ["warnings", "[data-testid=warnings] table"],
      ["assessment?city=350200", "[data-testid=assessment] table"],
      ["reporting", "[data-testid=reporting] tr[data-city]"],
    ],
  },
  {
    base: creds.urls.cities["350200"]!,
    token: creds.cityTokens["350200"]!,
    landing: "/console/work-list",
    pages: [
      ["work-list", "[data-testid=work-list] table, [data-testid=work-list] p"],
      ["status", "[data-testid=outbox-pending]"],
    ],
  },
];

async function visit(page: Page, url: string, ready: string) {
  const started = performance.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector(ready, { timeout: 60_000 });
  const ms = performance.now() - started;
  const bytes = await page.evaluate(() =>
    [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")].reduce(
      (n, e) => n + ((e as PerformanceResourceTiming | undefined)?.transferSize ?? 0),
      0,
    ),
  );
  return { ms, bytes };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)! };
};

const chromium = await launchChromium();
try {
  console.log(`console pages, ${runs} runs each, CPU slowed ${cpu}x; first run cold, then cached`);
  console.log("page                      first ms   warm min / median / max ms   first KB   warm KB");
  for (const { base, token, landing, pages } of CONSOLES) {
    // A context per console: cookies are per host, not per port.
    const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${base}/console/login`);
    await page.fill("input[name=token]", token);
    await Promise.all([page.waitForURL(`**${landing}`), page.click("button[type=submit]")]);
    if (cpu > 1)
      await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: cpu });
    console.log(base);
    for (const [path, ready] of pages) {
      // A new cache for the first visit: what a first look costs (ECharts included).
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.clearBrowserCache");
      const url = `${base}/console/${path}`;
      const first = await visit(page, url, ready);
      const warm = [];
      for (let i = 1; i < runs; i++) warm.push(await visit(page, url, ready));
      const t = stats(warm.map((w) => w.ms));
      const kb = (b: number) => (b / 1024).toFixed(0);
      console.log(
        `${path.padEnd(25)} ${first.ms.toFixed(0).padStart(8)}   ${[t.min, t.median, t.max]
          .map((x) => x.toFixed(0))
          .join(" / ")
          .padStart(
            26,
          )}   ${kb(first.bytes).padStart(8)}   ${kb(stats(warm.map((w) => w.bytes)).median).padStart(7)}`,
      );
    }
    await context.close();
  }
} finally {
  await chromium.close();
}
