import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { FakeJira } from "./fakes/fake-jira";
import { DEMO, signInAsDemo } from "./sign-in";

// The sync history against a fake Jira site installed and linked here: a group linked to APP-1,
// an outbound assignee sync Jira refuses (a failed row), the filters, the detail drawer, retrying
// the failed sync and watching the new attempt arrive without a reload.
const JIRA_PORT = Number(process.env.TETHER_E2E_JIRA_PORT ?? 3299);

interface Integration {
  id: string;
  provider: string;
}

test.describe.serial("sync history", () => {
  const jira = new FakeJira();
  let base = "";
  let groupId = "";
  let demoUserId = "";

  test.beforeAll(async ({ baseURL }) => {
    base = baseURL ?? "http://127.0.0.1:3210";
    await jira.start(JIRA_PORT);
    jira.users.push({ accountId: "acc-demo", displayName: "Demo User", email: DEMO.email });
    jira.addIssue({ summary: "Checkout crashes" });
  });
  test.afterAll(async () => {
    await jira.stop();
  });

  /** The dashboard's own JSON calls, with the session of the page and its origin (state changes need it). */
  const api = (page: Page) => ({
    get: async <T,>(path: string): Promise<T> => {
      const response = await page.request.get(`${base}${path}`);
      expect(response.status(), path).toBe(200);
      return (await response.json()) as T;
    },
    send: async (method: "POST" | "PUT", path: string, data: unknown) => {
      const response = await page.request.fetch(`${base}${path}`, { method, data, headers: { origin: base } });
      expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    },
  });

  async function install(request: APIRequestContext) {
    const payload = jira.installPayload();
    const url = `${base}/api/jira/installed`;
    const response = await request.post(url, { data: payload, headers: { authorization: `JWT ${await jira.signInstall("POST", url, base)}` } });
    expect(response.status()).toBe(200);
    jira.sharedSecret = payload.sharedSecret;
  }

  test("an assignee sync Jira refuses is listed as failed", async ({ page, request }) => {
    await install(request);
    await signInAsDemo(page);
    const jwt = await jira.signWebhook("GET", `${base}/jira/configure?xdm_e=${encodeURIComponent(jira.baseUrl)}`);
    await page.goto(`/jira/configure?xdm_e=${encodeURIComponent(jira.baseUrl)}&jwt=${jwt}`);
    const href = await page.getByRole("link", { name: "Link to a Tether organization" }).getAttribute("href");
    await page.goto(href!);
    await page.getByRole("button", { name: "Link Jira site" }).click();
    await expect(page.getByRole("heading", { name: /Jira · Fake Jira/ })).toBeVisible();

    const calls = api(page);
    // The newest Jira site of the organization is this spec's (jira.spec.ts may have linked another).
    const { integrations } = await calls.get<{ integrations: Integration[] }>("/api/v1/organizations/acme/integrations");
    const integrationId = integrations.filter((integration) => integration.provider === "jira").at(-1)!.id;
    const { groups } = await calls.get<{ groups: { id: string }[] }>("/api/v1/organizations/acme/groups?limit=50");
    groupId = groups.at(-1)!.id;
    const { members } = await calls.get<{ members: { userId: string; email: string }[] }>("/api/v1/organizations/acme/members");
    demoUserId = members.find((member) => member.email === DEMO.email)!.userId;

    await calls.send("POST", `/api/v1/groups/${groupId}/external-issues`, { integrationId, action: "link", externalIssue: "APP-1" });
    jira.failNext("PUT /rest/api/2/issue/APP-1/assignee", { status: 400, body: { errorMessages: ["Field 'assignee' cannot be set. It is not on the appropriate screen."], errors: {} } });
    await calls.send("PUT", `/api/v1/groups/${groupId}`, { assignedTo: `user:${demoUserId}` });

    await page.goto("/o/acme/sync?outcome=failed&provider=jira");
    await expect(page.getByLabel("Outcome")).toHaveValue("failed");
    const failed = page.locator("tr", { hasText: "to jira · assignee · APP-1" });
    await expect(failed).toBeVisible({ timeout: 20_000 });
    await expect(failed).toContainText("failed");
    await expect(failed).toContainText("cannot be set");
  });

  test("filters narrow the list and live in the URL", async ({ page }) => {
    await signInAsDemo(page, "/o/acme/sync");
    await expect(page.getByRole("table", { name: "Sync history" })).toBeVisible();
    await page.getByLabel("Direction").selectOption("inbound");
    await expect(page).toHaveURL(/direction=inbound/);
    await expect(page.locator("tr", { hasText: "to jira" })).toHaveCount(0);
    await page.getByLabel("Direction").selectOption("");
    await page.getByLabel("Kind").selectOption("assignee");
    await page.getByLabel("Outcome").selectOption("failed");
    await expect(page).toHaveURL(/kind=assignee/);
    await expect(page.locator("tr", { hasText: "to jira · assignee · APP-1" })).toBeVisible();
    // The group page links here by id; the list names the group.
    await page.goto(`/o/acme/sync?group=${groupId}`);
    await expect(page.getByText("Showing the sync history of")).toBeVisible();
    await expect(page.locator("tr", { hasText: "APP-1" }).first()).toBeVisible();
    await page.getByLabel("From", { exact: true }).fill("2000-01-01");
    await page.getByLabel("To", { exact: true }).fill("2000-01-02");
    await expect(page.getByText("Nothing matches these filters")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/o\/acme\/sync$/);
  });

  test("the drawer shows the row in full and closes with Esc, giving focus back", async ({ page }) => {
    await signInAsDemo(page, "/o/acme/sync?outcome=failed&provider=jira");
    const row = page.locator("tr", { hasText: "to jira · assignee · APP-1" });
    const details = row.getByRole("button", { name: /^Details/ });
    await details.click();
    const drawer = page.getByRole("dialog", { name: "Sync event" });
    await expect(drawer).toBeVisible();
    await expect(drawer).toContainText("cannot be set");
    await expect(drawer).toContainText("Delivery id");
    await expect(drawer).toContainText("externalIssueId");
    await expect(drawer.getByRole("link", { name: "This group's sync history" })).toBeVisible();
    await expect(page).toHaveURL(/event=/);
    await expect(drawer.getByRole("button", { name: "Close" })).toBeFocused();
    // Focus stays inside while it is open.
    for (let i = 0; i < 8; i++) await page.keyboard.press("Tab");
    expect(await drawer.evaluate((node) => node.contains(document.activeElement))).toBe(true);
    await drawer.getByText("JSON").click();
    await expect(drawer.locator("pre")).toContainText('"externalIssueId"');
    await page.screenshot({ path: test.info().outputPath("sync-drawer-light.png"), fullPage: true });
    await page.keyboard.press("Escape");
    await expect(drawer).toHaveCount(0);
    await expect(details).toBeFocused();
  });

  test("retrying the failed sync queues a new attempt that Jira accepts, shown without a reload", async ({ page }) => {
    await signInAsDemo(page, "/o/acme/sync?provider=jira&kind=assignee");
    const failed = page.locator("tr", { hasText: "to jira · assignee · APP-1" }).filter({ hasText: "failed" });
    await expect(failed).toBeVisible();
    await failed.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Retry queued" })).toBeVisible();
    const applied = page.locator("tr", { hasText: "to jira · assignee · APP-1" }).filter({ hasText: "applied" });
    await expect(applied.first()).toBeVisible({ timeout: 20_000 });
    await expect(applied.first()).toContainText(/retry of|assigned to Jira account/);
    expect(jira.issues.get("APP-1")?.assigneeAccountId).toBe("acc-demo");
  });

  test("a sync made while the page is open appears at the top without a reload", async ({ page }) => {
    await signInAsDemo(page, "/o/acme/sync?provider=jira&kind=assignee");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    const before = await page.locator("tbody tr").count();
    await api(page).send("PUT", `/api/v1/groups/${groupId}`, { assignedTo: null });
    const first = page.locator("tbody tr").first();
    await expect(first).toContainText("unassigned in Jira", { timeout: 20_000 });
    expect(await page.locator("tbody tr").count()).toBe(before + 1);
    expect(jira.issues.get("APP-1")?.assigneeAccountId).toBeNull();
  });

  test("screenshots: light, dark and 390 px with the drawer as a sheet", async ({ page }) => {
    await signInAsDemo(page, "/o/acme/sync");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("sync-history-light.png"), fullPage: true });

    await page.emulateMedia({ colorScheme: "dark" });
    await page.evaluate(() => document.documentElement.classList.add("dark"));
    await page.screenshot({ path: test.info().outputPath("sync-history-dark.png"), fullPage: true });
    await page.locator("tbody tr").first().getByRole("button", { name: /^Details/ }).click();
    await expect(page.getByRole("dialog", { name: "Sync event" })).toContainText("Request");
    await page.screenshot({ path: test.info().outputPath("sync-drawer-dark.png") });
    await page.keyboard.press("Escape");

    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => document.documentElement.classList.remove("dark"));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/o/acme/sync");
    const cards = page.getByRole("list", { name: "Sync history" });
    await expect(cards).toBeVisible();
    await expect(page.getByRole("table", { name: "Sync history" })).toBeHidden();
    await page.screenshot({ path: test.info().outputPath("sync-history-390.png"), fullPage: true });
    await cards.getByRole("button", { name: /^Details/ }).first().click();
    const sheet = page.getByRole("dialog", { name: "Sync event" });
    await expect(sheet).toBeVisible();
    const box = await sheet.boundingBox();
    expect(box?.width).toBe(390);
    await page.screenshot({ path: test.info().outputPath("sync-drawer-390.png") });
    await sheet.getByRole("button", { name: "Close" }).click();
    await expect(sheet).toHaveCount(0);
  });
});
