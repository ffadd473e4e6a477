import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./sign-in";

// The sandbox Jira site the demo starts with (on in the e2e server, like on a fresh `npm start`):
// installed through the signed lifecycle at start, linked to the demo organization, a few groups
// linked to its issues. Changes on the Sandbox page reach Tether as signed webhooks; the create
// form and link-existing talk to the sandbox over Tether's real Jira client.

test.describe.configure({ mode: "serial" });
test.setTimeout(90_000);

async function openSandbox(page: Page): Promise<void> {
  // The sandbox installs itself once the server answers: give it a moment on a fresh server.
  await expect(async () => {
    await page.goto("/o/acme/sandbox");
    await expect(page.getByRole("heading", { name: "Sandbox Jira" })).toBeVisible({ timeout: 2000 });
    await expect(page.locator('[data-testid^="sandbox-issue-"]').first()).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 60_000 });
}

/** Picks the Sandbox Jira site in the group's tracker form when several Jira sites are linked. */
async function chooseSandboxSite(page: Page): Promise<void> {
  const site = page.getByLabel("Jira site");
  if (await site.isVisible()) await site.selectOption({ label: "Sandbox Jira" });
}

test("the Sandbox Jira page lists the demo's linked issues, labelled as a sandbox", async ({ page }) => {
  await signInAsDemo(page);
  await openSandbox(page);
  await expect(page.getByRole("link", { name: "Sandbox Jira" })).toBeVisible();
  await expect(page.getByText("Sandbox", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What to try" })).toBeVisible();
  // Seeded through the real flows: linked groups, and an assignment that went out through the queue.
  await expect(page.locator('[data-testid="linked-group-state"]').first()).toBeVisible();
  await expect(page.locator('option[value="sandbox-dana"]:checked')).not.toHaveCount(0, { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath("sandbox-page.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: test.info().outputPath("sandbox-page-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("sandbox-page-390.png"), fullPage: true });
});

test("changing an issue's assignee and status in the sandbox moves the linked group", async ({ page }) => {
  await signInAsDemo(page);
  await openSandbox(page);
  const row = page.locator('[data-testid^="sandbox-issue-"]').filter({ has: page.locator('[data-testid="linked-group-state"]', { hasText: /^unresolved/ }) }).first();
  const key = (await row.getAttribute("data-testid"))!.replace("sandbox-issue-", "");
  const issue = page.getByTestId(`sandbox-issue-${key}`);
  await issue.getByLabel(`Assignee of ${key}`).selectOption({ label: "Sam Rivera" });
  await expect(page.getByRole("status")).toContainText("Tether accepted the signed jira:issue_updated webhook");
  await expect(issue.getByTestId("linked-group-state")).toContainText("Sam Rivera");
  await issue.getByLabel(`Status of ${key}`).selectOption({ label: "Done" });
  await expect(issue.getByTestId("linked-group-state")).toContainText("resolved");
  await page.screenshot({ path: test.info().outputPath("sandbox-after-change.png"), fullPage: true });
  // The group page shows it too, and the sync history has the inbound rows.
  await issue.getByRole("link").first().click();
  await expect(page.getByRole("link", { name: key, exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("group-followed-sandbox.png"), fullPage: true });
  await page.goto("/o/acme/sync");
  await expect(page.getByText(key).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("sync-history-sandbox.png"), fullPage: true });
});

test("a Jira issue is created in the sandbox through the group's form, a Jira field error shown first", async ({ page }) => {
  await signInAsDemo(page);
  await page.locator('a[href^="/o/acme/groups/"]').nth(3).click();
  await page.getByRole("button", { name: "Create Jira issue" }).click();
  await chooseSandboxSite(page);
  await expect(page.getByLabel("Jira Project")).toBeVisible();
  await page.getByLabel("Title").fill("Sandbox: checkout total is NaN");
  await page.getByLabel("Labels").fill("needs triage");
  await page.getByRole("button", { name: "Create issue" }).click();
  // The sandbox refuses like Jira ({errors: {labels: ...}}) and the form shows it on the field.
  await expect(page.getByText("The label 'needs triage' contains spaces which is invalid.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("create-field-error.png"), fullPage: true });
  await page.getByLabel("Labels").fill("triage");
  await page.getByRole("button", { name: "Create issue" }).click();
  const link = page.getByRole("link", { name: /^APP-\d+$/ });
  await expect(link).toBeVisible();
  const key = (await link.textContent())!.trim();
  await page.screenshot({ path: test.info().outputPath("create-linked.png"), fullPage: true });
  await openSandbox(page);
  await expect(page.getByTestId(`sandbox-issue-${key}`)).toContainText("Sandbox: checkout total is NaN");
});

test("an existing sandbox issue is linked to a group and unlinked again", async ({ page }) => {
  await signInAsDemo(page);
  await openSandbox(page);
  const row = page.locator('[data-testid^="sandbox-issue-"]').filter({ hasText: "Rotate the payment gateway credentials" });
  const key = (await row.getAttribute("data-testid"))!.replace("sandbox-issue-", "");
  await page.goto("/o/acme/groups");
  await page.locator('a[href^="/o/acme/groups/"]').nth(4).click();
  await page.getByRole("button", { name: "Link existing" }).click();
  await chooseSandboxSite(page);
  await page.getByLabel("Jira issue key").fill(key);
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await expect(page.getByRole("link", { name: key, exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("link-existing.png"), fullPage: true });
  page.once("dialog", (dialog) => void dialog.accept());
  await page.locator("li", { has: page.getByRole("link", { name: key, exact: true }) }).getByRole("button", { name: "Unlink" }).click();
  await expect(page.getByRole("link", { name: key, exact: true })).toHaveCount(0);
});

test("assigning a linked group in Tether reaches its sandbox issue through the job queue", async ({ page }) => {
  await signInAsDemo(page);
  await openSandbox(page);
  const row = page.locator('[data-testid^="sandbox-issue-"]').filter({ has: page.locator('[data-testid="linked-group-state"]', { hasText: /^unresolved · (?!Dana Demo)/ }) }).first();
  const key = (await row.getAttribute("data-testid"))!.replace("sandbox-issue-", "");
  await row.getByRole("link").first().click();
  await page.waitForURL(/\/o\/acme\/groups\/[^/]+$/);
  const assignee = page.getByRole("main").getByLabel("Assignee", { exact: true });
  await assignee.selectOption({ label: "Dana Demo" });
  await expect(assignee).toBeEnabled();
  await openSandbox(page);
  await expect(page.getByTestId(`sandbox-issue-${key}`).getByLabel(`Assignee of ${key}`)).toHaveValue("sandbox-dana", { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath("sandbox-after-outbound.png"), fullPage: true });
});
