import { expect, test, type Page } from "@playwright/test";
import { E2E_GROUP_PAGE_ID } from "../scripts/e2e-group-page";
import { signInAsDemo } from "./sign-in";

const GROUP_PATH = `/o/acme/groups/${E2E_GROUP_PAGE_ID}`;

async function openGroup(page: Page): Promise<void> {
  await signInAsDemo(page, GROUP_PATH);
  await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toHaveText("TypeError: Cannot read properties of undefined (reading 'amount')");
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

// Issue 12, item 3: the group page shows when it happens, what happened and what was synced.
test("a group shows its events over time, the latest event's stack trace and its sync rows", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openGroup(page);
  const main = page.getByRole("main");

  // The chart: 24 hours first (six events), then 14 days (fifteen) from the stats API.
  const chart = main.getByRole("img", { name: /events in the last 24 hours/ });
  await expect(chart).toHaveAccessibleName(/^6 events in the last 24 hours/);
  const daily = page.waitForResponse((r) => r.url().includes(`/api/v1/groups/${E2E_GROUP_PAGE_ID}/stats?period=14d`) && r.status() === 200);
  await main.getByRole("button", { name: "14 days" }).click();
  await daily;
  await expect(main.getByRole("button", { name: "14 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(main.getByRole("img", { name: /events in the last 14 days/ })).toHaveAccessibleName(/^15 events in the last 14 days/);
  await main.getByRole("button", { name: "24 hours" }).click();
  await expect(main.getByRole("img", { name: /events in the last 24 hours/ })).toBeVisible();

  // The latest event: exception, in-app frames with the source line, library frames folded.
  await expect(main.getByRole("heading", { name: "Latest event" })).toBeVisible();
  await expect(main.getByRole("heading", { name: "TypeError", exact: true })).toBeVisible();
  await expect(main.getByText("Cannot read properties of undefined (reading 'amount')", { exact: true })).toBeVisible();
  const frames = main.getByRole("list", { name: "Stack frames" });
  await expect(frames.getByText("totalPrice", { exact: true })).toBeVisible();
  await expect(frames.getByText("return items.reduce((sum, item) => sum + item.price.amount, 0);")).toBeVisible();
  await expect(frames.getByText("Layer.handle")).toHaveCount(0);
  await frames.getByRole("button", { name: "3 library frames" }).click();
  await expect(frames.getByText("Layer.handle", { exact: true })).toBeVisible();
  await expect(main.getByText("shopper0@example.com (u_0)")).toBeVisible();
  await expect(main.getByText("web@2.4.1").first()).toBeVisible();
  await shoot(page, "group-page-light");

  // An older event, and back.
  await main.getByRole("link", { name: "Older →" }).click();
  await expect(main.getByText("Cannot read properties of undefined (reading 'currency')", { exact: true })).toBeVisible();
  await expect(main.getByRole("heading", { name: "Event", exact: true })).toBeVisible();
  await main.getByRole("link", { name: "← Newer" }).click();
  await expect(main.getByRole("heading", { name: "Latest event" })).toBeVisible();

  // Jira and Discord rows, linking to the sync history of this group.
  const sync = main.getByRole("list", { name: "Sync events" });
  await expect(sync.getByRole("img", { name: "Discord" })).toBeVisible();
  await expect(sync.getByRole("img", { name: "Jira" }).first()).toBeVisible();
  await expect(sync.getByText("to jira · assignee · APP-7")).toBeVisible();
  await expect(sync.getByText("The status already matches")).toBeVisible();
  await expect(main.getByRole("link", { name: "Sync history →" })).toHaveAttribute("href", `/o/acme/sync?group=${E2E_GROUP_PAGE_ID}`);
});

test("assigning from the group page confirms with a toast and adds a timeline row", async ({ page }) => {
  await openGroup(page);
  const main = page.getByRole("main");
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && new URL(r.url()).pathname === `/api/v1/groups/${E2E_GROUP_PAGE_ID}`);
  await main.getByLabel("Assignee").selectOption({ label: "#backend" });
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "Assigned to #backend" })).toBeVisible();
  const activity = page.locator("section", { has: page.getByRole("heading", { name: "Activity", exact: true }) });
  await expect(activity.getByText(/^assigned the group to a team$/).first()).toBeVisible();
});

test("the group page in dark mode and at 390 px", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1400, height: 900 });
  await openGroup(page);
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await expect(page.getByRole("main").getByRole("img", { name: /events in the last 24 hours/ })).toBeVisible();
  await shoot(page, "group-page-dark");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.emulateMedia({ colorScheme: "light" });
  await page.reload();
  await expect(page.getByRole("main").getByRole("list", { name: "Stack frames" })).toBeVisible();
  // The sidebar folds into a menu on phones, and nothing in the group page is wider than the screen.
  const overflow = await page.getByRole("main").evaluate((main) => main.scrollWidth - main.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await shoot(page, "group-page-390");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await shoot(page, "group-page-390-dark");
});
