import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./sign-in";

async function savedGroupChange(page: Page): Promise<void> {
  const response = await page.waitForResponse((r) => r.request().method() === "PUT" && /\/api\/v1\/groups\/[^/]+$/.test(new URL(r.url()).pathname));
  expect(response.status()).toBe(200);
}

// Issue 4 in the browser: a change shows at once, sticks after a reload, and leaves its trail.
test("assign and resolve a group from its page, and read the trail", async ({ page }) => {
  await signInAsDemo(page);
  await page.getByLabel("Project").selectOption("worker");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator("tbody tr").first()).toContainText("worker");
  await page.locator("tbody tr").first().locator('a[href^="/o/acme/groups/"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const assigned = savedGroupChange(page);
  await page.getByLabel("Assignee").selectOption({ label: "#backend" });
  await assigned;
  await page.getByRole("button", { name: "Resolve ▾" }).click();
  const resolved = savedGroupChange(page);
  await page.getByRole("menuitem", { name: "Resolve", exact: true }).click();
  // The change shows before the server has it; reload only once it is saved.
  await expect(page.getByRole("button", { name: "Unresolve" })).toBeVisible();
  await resolved;
  await page.reload();
  // Scoped to <main>: React may briefly keep a hidden streamed copy of the page outside it.
  await expect(page.getByRole("main").getByLabel("Assignee")).toHaveValue(/^team:/);
  await expect(page.getByRole("main").getByRole("button", { name: "Unresolve" })).toBeVisible();
  const activity = page.locator("section", { has: page.getByRole("heading", { name: "Activity", exact: true }) });
  // The newest entry comes first (a demo group may have been resolved before).
  await expect(activity.getByText(/^resolved the group$/).first()).toBeVisible();
  await expect(activity.getByText(/^assigned the group to a team$/).first()).toBeVisible();
});

test("resolve several groups at once from the list", async ({ page }) => {
  await signInAsDemo(page);
  await page.getByLabel("Project").selectOption("web");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator("tbody tr").first()).toContainText("web");
  const first = page.locator("tbody tr").nth(0);
  const second = page.locator("tbody tr").nth(1);
  const ids = [await first.locator("td:nth-child(2) .font-mono").textContent(), await second.locator("td:nth-child(2) .font-mono").textContent()];
  await first.getByRole("checkbox").check();
  await second.getByRole("checkbox").check();
  const toolbar = page.getByRole("toolbar", { name: "Bulk actions" });
  await expect(toolbar).toContainText("2 selected");
  await toolbar.getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(toolbar).toHaveCount(0);
  await page.getByRole("tab", { name: "Resolved", exact: true }).click();
  await page.getByPlaceholder(/Search/).fill(ids[0] ?? "");
  await expect(page.locator("tbody tr").first()).toContainText(ids[0] ?? "");
  await expect(page.locator("tbody tr").first()).toContainText("resolved");
});
