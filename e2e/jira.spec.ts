import { expect, test } from "@playwright/test";
import { FakeJira } from "./fakes/fake-jira";
import { signInAsDemo } from "./sign-in";

// The whole Jira journey in the browser against the fake Jira Cloud site: a signed install, the
// configure page Jira opens, linking the site to the demo organization, and creating a Jira issue
// for a group through the dynamic form.
const JIRA_PORT = Number(process.env.TETHER_E2E_JIRA_PORT ?? 3299);

test.describe.serial("Jira integration", () => {
  const jira = new FakeJira();
  let base = "";

  test.beforeAll(async ({ baseURL }) => {
    base = baseURL ?? "http://127.0.0.1:3210";
    await jira.start(JIRA_PORT);
  });
  test.afterAll(async () => {
    await jira.stop();
  });

  test("a Jira site installs with a signed callback", async ({ request }) => {
    const payload = jira.installPayload();
    const url = `${base}/api/jira/installed`;
    const response = await request.post(url, { data: payload, headers: { authorization: `JWT ${await jira.signInstall("POST", url, base)}` } });
    expect(response.status()).toBe(200);
    jira.sharedSecret = payload.sharedSecret;
    const forged = await request.post(url, { data: payload, headers: { authorization: "JWT not.a.token" } });
    expect(forged.status()).toBe(400);
  });

  test("the admin links the site from Jira's configure page", async ({ page }) => {
    await signInAsDemo(page);
    const jwt = await jira.signWebhook("GET", `${base}/jira/configure?xdm_e=${encodeURIComponent(jira.baseUrl)}`);
    await page.goto(`/jira/configure?xdm_e=${encodeURIComponent(jira.baseUrl)}&jwt=${jwt}`);
    await expect(page.getByText("Not linked to an organization yet")).toBeVisible();
    const href = await page.getByRole("link", { name: "Link to a Tether organization" }).getAttribute("href");
    await page.goto(href!);
    await page.getByRole("button", { name: "Link Jira site" }).click();
    await expect(page.getByRole("heading", { name: /Jira · Fake Jira/ })).toBeVisible();
    await expect(page.getByLabel("Sync Jira Assignment to Tether")).toBeChecked();
  });

  test("an operator creates a Jira issue for a group through the form", async ({ page }) => {
    await signInAsDemo(page);
    await page.locator('a[href^="/o/acme/groups/"]').first().click();
    await page.getByRole("button", { name: "Create Jira issue" }).click();
    // With the sandbox Jira site on, the demo organization has two sites: this test is the fake's.
    const site = page.getByLabel("Jira site");
    if (await site.isVisible()) await site.selectOption({ label: "Fake Jira" });
    await expect(page.getByLabel("Jira Project")).toBeVisible();
    await page.getByLabel("Title").fill("Checkout crashes on empty cart");
    await page.getByRole("button", { name: "Create issue" }).click();
    await expect(page.getByRole("link", { name: /^APP-\d+$/ })).toBeVisible();
    const created = jira.requests.filter((r) => r.method === "POST" && r.path === "/rest/api/2/issue");
    expect(created).toHaveLength(1);
    expect(created[0].authorized).toBe(true);
    expect(created[0].body).toMatchObject({ fields: { summary: "Checkout crashes on empty cart", project: { id: "10000" } } });
  });
});
