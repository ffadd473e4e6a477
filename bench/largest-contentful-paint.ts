import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { buildIfNeeded, startTetherServer, stopServer, waitForServer } from "./production-server";

// Largest contentful paint of the groups list and a group page, as a signed-in user sees them:
// the production build served by `next start` on an embedded database with the demo data, each
// load in a fresh browser context (cold HTTP cache, the session cookie carried over) in headless
// Chromium at 1400×900. Port 3960 unless TETHER_BENCH_PORT moves it; TETHER_BENCH_RUNS loads per
// page (default 5).

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PaintTiming {
  page: string;
  runs: number[];
  medianMs: number;
  /** Server answer time of the document (responseStart), median over the same loads. */
  medianTtfbMs: number;
  element: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Loads `url` in a fresh context and reads the last largest-contentful-paint entry once the page is quiet. */
async function measureOnce(browser: Browser, storageState: Awaited<ReturnType<BrowserContext["storageState"]>>, url: string) {
  const context = await browser.newContext({ storageState, viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "networkidle" });
    return await page.evaluate(
      () =>
        new Promise<{ lcp: number; ttfb: number; element: string }>((resolve) => {
          let last: (PerformanceEntry & { element?: Element | null }) | undefined;
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            last = entries[entries.length - 1];
          }).observe({ type: "largest-contentful-paint", buffered: true });
          // Entries are delivered asynchronously; the page is idle by now, so a short wait sees the last one.
          setTimeout(() => {
            const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
            const element = last?.element;
            resolve({
              lcp: last?.startTime ?? Number.NaN,
              ttfb: navigation?.responseStart ?? Number.NaN,
              element: element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} "${(element.textContent ?? "").trim().slice(0, 40)}"` : "",
            });
          }, 500);
        }),
    );
  } finally {
    await context.close();
  }
}

export async function runLargestContentfulPaintBench(options: { runs?: number } = {}): Promise<PaintTiming[]> {
  const runs = options.runs ?? Number(process.env.TETHER_BENCH_RUNS ?? 5);
  const port = Number(process.env.TETHER_BENCH_PORT ?? 3960);
  const origin = `http://127.0.0.1:${port}`;
  buildIfNeeded();
  const dataDir = mkdtempSync(path.join(tmpdir(), "tether-lcp-"));
  const databaseUrl = `pglite:${path.join(dataDir, "pglite")}`;
  const previous = { DATABASE_URL: process.env.DATABASE_URL, TETHER_DATA_DIR: process.env.TETHER_DATA_DIR };
  Object.assign(process.env, { DATABASE_URL: databaseUrl, TETHER_DATA_DIR: dataDir });
  let server: ReturnType<typeof startTetherServer> | undefined;
  let browser: Browser | undefined;
  try {
    const { openDatabase } = await import("@/lib/db/client");
    const { applyPendingMigrations } = await import("@/lib/db/migrate");
    const { DEMO_LOGIN, seedDemoData } = await import("@/lib/demo/seed-demo");
    const database = await openDatabase();
    try {
      await applyPendingMigrations(database);
      await seedDemoData(database.prisma);
    } finally {
      await database.close();
    }
    Object.assign(process.env, previous);
    server = startTetherServer({ port, databaseUrl, dataDir, logFile: path.join(dataDir, "server.log"), profileDir: null, env: { TETHER_DEMO: "1" } });
    await waitForServer(`${origin}/api/health`, server, 60_000);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
    const signIn = await browser.newContext({ baseURL: origin });
    const page = await signIn.newPage();
    await page.goto("/signin?callbackUrl=%2Fo%2Facme%2Fgroups");
    await page.getByLabel("Email").fill(DEMO_LOGIN.email);
    await page.getByLabel("Password").fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/o/acme/groups");
    const groupHref = await page.locator('a[href^="/o/acme/groups/"]').first().getAttribute("href");
    if (!groupHref) throw new Error("the groups list shows no group to open");
    const storageState = await signIn.storageState();
    await signIn.close();

    const pages = [
      { page: "groups list", url: `${origin}/o/acme/groups` },
      { page: "group page", url: `${origin}${groupHref}` },
    ];
    // One untimed load each: the server compiles nothing, but its first render warms caches and pools.
    for (const target of pages) await measureOnce(browser, storageState, target.url);
    const timings: PaintTiming[] = [];
    for (const target of pages) {
      const samples = [];
      for (let i = 0; i < runs; i += 1) samples.push(await measureOnce(browser, storageState, target.url));
      timings.push({
        page: target.page,
        runs: samples.map((s) => Math.round(s.lcp)),
        medianMs: median(samples.map((s) => s.lcp)),
        medianTtfbMs: median(samples.map((s) => s.ttfb)),
        element: samples[samples.length - 1]?.element ?? "",
      });
    }
    return timings;
  } finally {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
