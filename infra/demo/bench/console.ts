// pnpm bench:console [--runs 10] [--cpu 4]: how long the console's pages take to show their data, in
// headless Chromium against the platform `pnpm start` runs (its credentials file names the hub and
// the admin token). --cpu slows the browser's CPU that many times (DevTools emulation): a modest laptop.
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
  urls: { hub: string };
};
const hub = creds.urls.hub;

/** Each page and what shows that its data is there (not only its shell). */
const PAGES: Array<[string, string]> = [
  ["streams", "[data-testid=by-stream] tbody tr"],
  ["indicators?city=350200", "tr[data-code]"],
  ["needs?city=350200", "[data-testid=districts] tbody tr"],
  ["vouchers", "tr[data-policy]"],
];

async function visit(page: Page, path: string, ready: string) {
  const started = performance.now();
  await page.goto(`${hub}/console/${path}`, { waitUntil: "commit" });
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
  const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${hub}/console/login`);
  await page.fill("input[name=token]", creds.hubAdminToken);
  await Promise.all([page.waitForURL("**/console/streams"), page.click("button[type=submit]")]);
  if (cpu > 1)
    await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: cpu });
  console.log(`console pages at ${hub}, ${runs} runs each, CPU slowed ${cpu}x; first run cold, then cached`);
  console.log("page                      first ms   warm min / median / max ms   first KB   warm KB");
  for (const [path, ready] of PAGES) {
    // A new cache for the first visit: what an operator's first look costs (ECharts included).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.clearBrowserCache");
    const first = await visit(page, path, ready);
    const warm = [];
    for (let i = 1; i < runs; i++) warm.push(await visit(page, path, ready));
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
} finally {
  await chromium.close();
}
