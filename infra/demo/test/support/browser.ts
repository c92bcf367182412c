import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where screenshots go: kept by CI as test artefacts (test-results/ is ignored by git). */
export const SCREENSHOTS = new URL("../../test-results/screenshots/", import.meta.url).pathname;

/**
 * Debian's chromium (PES_CHROMIUM, installed by infra/scripts/lib.sh ensure_chromium), headless, with
 * no background networking: this machine's closed network refuses those connections.
 */
export async function launchChromium(
  opts: { args?: string[] } = {},
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.PES_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(opts.args ?? []),
    ],
  });
  // Playwright gives the browser a fresh profile of its own and removes it on close.
  return { browser, close: () => browser.close() };
}

/** The whole page by default; `fullPage: false` for the window only (what the README shows). */
export async function screenshot(page: Page, name: string, opts = { fullPage: true }): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage });
}
