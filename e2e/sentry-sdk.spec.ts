import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signInAsDemo } from "./sign-in";

// Issue 13's "done when": a real @sentry/node app, pointed at the production server by the DSN a
// user reads on the project's settings page, makes its errors appear as groups grouped as Sentry
// would. Then what the Python sentry-sdk 2.x and @sentry/browser 8+ put on the wire (fixtures for
// the events, the exact transport shapes around them), the browser one from another origin in
// Chromium. Every title carries this run's id, so other specs' groups never match.

const RUN = `e2e${Date.now().toString(36)}`;
// Playwright runs specs from the repository root (playwright.config.ts sits there).
const NODE_APP = path.resolve("e2e", "apps", "sentry-node-app.mjs");
const FIXTURES = path.resolve("lib", "intake", "fixtures");

const rows = (page: Page) => page.getByRole("main").locator("tbody tr");

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/** The groups list as a user narrows it: a project (or all), this run's id in the search box. */
async function searchGroups(page: Page, project: string, text: string): Promise<void> {
  await page.goto("/o/acme/groups");
  const main = page.getByRole("main");
  await main.getByLabel("Project").selectOption(project);
  await main.getByLabel("Search groups").fill(text);
  await expect(page).toHaveURL(new RegExp(`query=${text}`));
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNodeApp(dsn: string, extraEnv: Record<string, string> = {}): Promise<AppRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [NODE_APP], { env: { ...process.env, NODE_ENV: "production", SENTRY_DSN: dsn, RUN_ID: RUN, ...extraEnv }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** What @sentry/core logs (with debug on) when an envelope is refused or cannot be sent, or any error it logs. */
const TRANSPORT_FAILURE = /responded with status code|Encountered error running transport request|Error while sending|Skipped sending event|Envelope was discarded|Not every event reached|Sentry Logger \[error\]/;

async function projectDsn(request: APIRequestContext, project: string): Promise<string> {
  const answer = (await (await request.get(`/api/v1/projects/acme/${project}/keys`)).json()) as { keys: { dsn: string; isActive: boolean }[] };
  const key = answer.keys.find((k) => k.isActive);
  if (!key) throw new Error(`project ${project} has no active key`);
  return key.dsn;
}

/** The endpoint, key and ingest id a DSN names, as every SDK derives them. */
function fromDsn(dsn: string): { publicKey: string; envelopeUrl: string } {
  const url = new URL(dsn);
  const id = url.pathname.split("/").pop();
  return { publicKey: url.username, envelopeUrl: `${url.protocol}//${url.host}/api/${id}/envelope/` };
}

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, unknown>;
}

const newEventId = () => crypto.randomUUID().replaceAll("-", "");

test("a real @sentry/node app reports to the DSN on the settings page, and its errors become Sentry-style groups", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1400, height: 900 });

  // 1. The DSN, as a user reads it off the project's settings page.
  await signInAsDemo(page, "/o/acme/settings/projects/worker");
  await page.goto("/o/acme/settings/projects/worker#dsn");
  await expect(page.locator("#dsn")).toHaveText("DSN and SDK set-up");
  await expect(page.getByRole("button", { name: "Copy DSN", exact: true })).toBeVisible();
  const dsnField = page.getByRole("textbox", { name: /^DSN/ });
  await expect(dsnField).toHaveValue(/^http:\/\/[0-9a-f]{32}@/);
  const dsn = await dsnField.inputValue();
  // The DSN's host is where this server answers, so an app given it reaches it.
  expect(new URL(dsn).host).toBe(new URL(page.url()).host);

  // 2. The app, a separate Node process configured only by SENTRY_DSN.
  const app = await runNodeApp(dsn);
  const output = `${app.stdout}\n${app.stderr}`;
  expect(output, "the SDK logged a failed send").not.toMatch(TRANSPORT_FAILURE);
  expect(app.code, `the app failed:\n${app.stderr}`).toBe(0);
  const summaryLine = app.stdout.split("\n").find((line) => line.startsWith('{"run"'));
  expect(summaryLine, "the app printed no summary").toBeTruthy();
  const summary = JSON.parse(summaryLine!) as { flushed: boolean; statuses: number[]; eventIds: Record<string, string> };
  expect(summary.flushed).toBe(true);
  // Eight events, plus the release-health session the SDK sends on its own.
  expect(summary.statuses.length).toBeGreaterThanOrEqual(8);
  expect(summary.statuses.every((status) => status === 200)).toBe(true);
  // The unhandled rejection is reported, and Node's warning about it is all stderr holds.
  expect(app.stderr).toContain(`Ledger sync rejected batch 8812 (run ${RUN})`);

  // The same app dying of an uncaught exception: the SDK reports it before the process exits with 1.
  const crash = await runNodeApp(dsn, { APP_CRASH: "1" });
  expect(`${crash.stdout}\n${crash.stderr}`, "the SDK logged a failed send").not.toMatch(TRANSPORT_FAILURE);
  expect(crash.code).toBe(1);
  expect(crash.stderr).toContain(`Settlement of batch 8812 crashed the worker (run ${RUN})`);

  // 3. The groups, found as a user would: the project, then the run's id.
  await searchGroups(page, "worker", RUN);
  const titles = rows(page).getByRole("link");
  await expect(titles).toHaveCount(7);
  const byTitle = (text: string | RegExp) => rows(page).filter({ has: page.getByRole("link", { name: text }) });
  // One group per call site of parseAmount; the same site with another value joins its group.
  const amounts = rows(page).filter({ has: page.getByRole("link", { name: /^Error: Amount ".*" is not a number/ }) });
  await expect(amounts).toHaveCount(2);
  await expect(byTitle(new RegExp(`^Error: Amount "(12,50|N/A)" is not a number \\(run ${RUN}\\)$`))).toHaveCount(1);
  await expect(byTitle(`Error: Amount "1O" is not a number (run ${RUN})`)).toHaveCount(1);
  await expect(byTitle(`Error: Customer 4711 could not be loaded (run ${RUN})`)).toHaveCount(1);
  await expect(byTitle(`Invoice batch 8812 retried 3 times (run ${RUN})`)).toHaveCount(1);
  // Both gateway timeouts share the custom fingerprint: one group, whichever title came first.
  await expect(byTitle(new RegExp(`^GatewayTimeout: (Payment|Refund) gateway timed out after \\d+ ms \\(run ${RUN}\\)$`))).toHaveCount(1);
  await expect(byTitle(`Error: Ledger sync rejected batch 8812 (run ${RUN})`)).toHaveCount(1);
  await expect(byTitle(`Error: Settlement of batch 8812 crashed the worker (run ${RUN})`)).toHaveCount(1);
  await shoot(page, "sentry-node-groups-light");

  // Event counts: the invoice site's two events (another value, one group), the timeouts' two.
  const listed = await page.request.get(`/api/v1/organizations/acme/groups?project=worker&status=all&query=${RUN}`);
  expect(listed.status()).toBe(200);
  const { groups } = (await listed.json()) as { groups: { title: string; timesSeen: number }[] };
  const timesSeen = (prefix: string) => groups.filter((g) => g.title.startsWith(prefix)).map((g) => g.timesSeen);
  expect([...timesSeen('Error: Amount "12,50"'), ...timesSeen('Error: Amount "N/A"')]).toEqual([2]);
  expect(timesSeen('Error: Amount "1O"')).toEqual([1]);
  expect(timesSeen("GatewayTimeout:")).toEqual([2]);

  // The crash's page: unhandled, caught by the SDK's uncaught-exception handler, in settleInvoices.
  await byTitle(`Error: Settlement of batch 8812 crashed the worker (run ${RUN})`).getByRole("link").click();
  const crashChain = page.getByRole("main").getByRole("region", { name: "Exception" });
  await expect(crashChain.getByText("unhandled", { exact: true })).toBeVisible();
  await expect(crashChain.getByText("auto.node.onuncaughtexception", { exact: true })).toBeVisible();
  await expect(crashChain.getByRole("list", { name: "Stack frames", exact: true })).toContainText("settleInvoices");
  await page.goBack();

  // The chained error's page: the raised error, its cause, the breadcrumb, the user and tags.
  await byTitle(`Error: Customer 4711 could not be loaded (run ${RUN})`).getByRole("link").click();
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1 })).toHaveText(`Error: Customer 4711 could not be loaded (run ${RUN})`);
  const chain = main.getByRole("region", { name: "Exception" });
  await expect(chain.getByRole("heading", { level: 4 })).toHaveText(["Error", "SyntaxError"]);
  await expect(chain.getByText("Caused by")).toBeVisible();
  await expect(chain.getByRole("list", { name: "Stack frames", exact: true })).toContainText("loadCustomer");
  await expect(main.getByRole("list", { name: "Breadcrumb trail" })).toContainText(`Picked job import-${RUN} from invoices`);
  const contexts = main.getByRole("region", { name: "Contexts" });
  await expect(contexts.getByText(`ada.${RUN}@example.com`).first()).toBeVisible();
  await expect(main.getByText("sentry.javascript.node", { exact: false }).first()).toBeVisible();
  await expect(main.getByRole("region", { name: "Event tags" })).toContainText(RUN);
  await shoot(page, "sentry-node-event-light");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(main.getByRole("region", { name: "Exception" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "the SDK event scrolls sideways at 390 px").toBeLessThanOrEqual(0);
  await shoot(page, "sentry-node-event-390");
  await searchGroups(page, "worker", RUN);
  await expect(page.getByRole("main").getByRole("link", { name: new RegExp(`Customer 4711 could not be loaded \\(run ${RUN}`) })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "the groups list scrolls sideways at 390 px").toBeLessThanOrEqual(0);
  await shoot(page, "sentry-node-groups-390");
});

test("the Python sentry-sdk's gzipped envelope with X-Sentry-Auth becomes a group", async ({ page }) => {
  await signInAsDemo(page, "/o/acme/groups");
  const { publicKey, envelopeUrl } = fromDsn(await projectDsn(page.request, "api"));
  const event = fixture("sentry-python-exception.json");
  const eventId = newEventId();
  const exceptions = (event.exception as { values: { type: string; value: string }[] }).values;
  exceptions[exceptions.length - 1]!.value = `Invoice 7731 not found (run ${RUN})`;
  // The run's own group, whatever the fixture's frames grouped into before.
  Object.assign(event, { event_id: eventId, timestamp: new Date().toISOString(), fingerprint: ["{{ default }}", RUN] });

  // sentry_sdk/envelope.py: each item header carries its length; the transport gzips the body.
  const payload = Buffer.from(JSON.stringify(event));
  const envelope = Buffer.concat([
    Buffer.from(`${JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() })}\n`),
    Buffer.from(`${JSON.stringify({ type: "event", content_type: "application/json", length: payload.length })}\n`),
    payload,
    Buffer.from("\n"),
  ]);
  const response = await page.request.post(envelopeUrl, {
    headers: {
      "Content-Type": "application/x-sentry-envelope",
      "Content-Encoding": "gzip",
      "User-Agent": "sentry.python/2.19.0",
      "X-Sentry-Auth": `Sentry sentry_key=${publicKey}, sentry_version=7, sentry_client=sentry.python/2.19.0`,
    },
    data: gzipSync(envelope),
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(((await response.json()) as { id?: string }).id).toBe(eventId);

  // With the brotli package installed, sentry-sdk 2.x compresses with br instead.
  const brEventId = newEventId();
  const brEnvelope = Buffer.from(envelope.toString("utf8").replaceAll(eventId, brEventId));
  const brResponse = await page.request.post(envelopeUrl, {
    headers: {
      "Content-Type": "application/x-sentry-envelope",
      "Content-Encoding": "br",
      "X-Sentry-Auth": `Sentry sentry_key=${publicKey}, sentry_version=7, sentry_client=sentry.python/2.19.0`,
    },
    data: brotliCompressSync(brEnvelope),
  });
  expect(brResponse.status(), await brResponse.text()).toBe(200);
  expect(((await brResponse.json()) as { id?: string }).id).toBe(brEventId);

  await searchGroups(page, "api", RUN);
  const group = rows(page).filter({ has: page.getByRole("link", { name: `InvoiceNotFound: Invoice 7731 not found (run ${RUN})` }) });
  await expect(group).toHaveCount(1);
  // Both envelopes' events, in the one group.
  const listed = (await (await page.request.get(`/api/v1/organizations/acme/groups?project=api&status=all&query=${RUN}`)).json()) as { groups: { title: string; timesSeen: number }[] };
  expect(listed.groups.map((g) => [g.title, g.timesSeen])).toEqual([[`InvoiceNotFound: Invoice 7731 not found (run ${RUN})`, 2]]);
});

test("@sentry/browser's text/plain envelope, posted cross-origin from Chromium, becomes a group; the preflight is answered", async ({ page, playwright }) => {
  await signInAsDemo(page, "/o/acme/groups");
  const dsn = await projectDsn(page.request, "web");
  const { publicKey, envelopeUrl } = fromDsn(dsn);
  const event = fixture("sentry-browser-exception.json");
  const eventId = newEventId();
  const exceptions = (event.exception as { values: { type: string; value: string }[] }).values;
  exceptions[exceptions.length - 1]!.value = `Cannot read properties of undefined (reading 'price') (run ${RUN})`;
  Object.assign(event, { event_id: eventId, timestamp: Date.now() / 1000, fingerprint: ["{{ default }}", RUN] });
  // @sentry/core serializeEnvelope: no item length for JSON payloads; the transport adds the key to the query.
  const body = [JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString(), sdk: { name: "sentry.javascript.browser", version: "9.46.0" } }), JSON.stringify({ type: "event" }), JSON.stringify(event)].join("\n");
  const url = `${envelopeUrl}?sentry_version=7&sentry_key=${publicKey}&sentry_client=sentry.javascript.browser%2F9.46.0`;

  // The shop's page, served from another origin (a port of its own). A real server, not a routed
  // response: Chromium treats a routed page as public and keeps it from local addresses. Its fetch
  // is the SDK's: a string body (so text/plain;charset=UTF-8), no custom headers, keepalive.
  const shopServer = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>Shop</title><p>Shop</p>");
  });
  await new Promise<void>((resolve) => shopServer.listen(0, "127.0.0.1", resolve));
  const appOrigin = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
  const shop = await page.context().newPage();
  await shop.goto(`${appOrigin}/shop`);
  const sent = await shop.evaluate(
    async ({ url, body }) => {
      const response = await fetch(url, { method: "POST", body, referrerPolicy: "strict-origin", keepalive: true });
      return { status: response.status, body: await response.text() };
    },
    { url, body },
  );
  expect(sent.status, sent.body).toBe(200);
  expect((JSON.parse(sent.body) as { id?: string }).id).toBe(eventId);

  // An SDK given transport headers (or a tunnel) makes Chromium preflight: it must pass too.
  const preflighted = await shop.evaluate(
    async ({ url, body }) => {
      const response = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/x-sentry-envelope" } });
      return { status: response.status, body: await response.text() };
    },
    { url, body: body.replaceAll(eventId, newEventId()) },
  );
  expect(preflighted.status, preflighted.body).toBe(200);
  await shop.close();
  await new Promise((resolve) => shopServer.close(resolve));

  const api = await playwright.request.newContext();
  const preflight = await api.fetch(url, { method: "OPTIONS", headers: { Origin: appOrigin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" } });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBe("*");
  expect(preflight.headers()["access-control-allow-headers"]).toContain("content-type");
  await api.dispose();

  await searchGroups(page, "web", RUN);
  const group = rows(page).filter({ has: page.getByRole("link", { name: `TypeError: Cannot read properties of undefined (reading 'price') (run ${RUN})` }) });
  await expect(group).toHaveCount(1);
});
