import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo as signIn } from "./sign-in";

const rows = (page: Page) => page.locator("tbody tr");
// The demo user may edit, so the first column holds the selection checkboxes.
const column = (page: Page, n: number) => rows(page).locator(`td:nth-child(${n + 1})`).allTextContents();

/** Waits until the list shows the answer for the current URL, not the previous page kept on screen. */
async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

test("the demo user sees the unresolved demo groups with the page range", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Unresolved", exact: true })).toHaveAttribute("aria-selected", "true");
  await expect(rows(page)).toHaveCount(25);
  // Keyset pages have no offset: the tab counts the unresolved groups, and there is a next page.
  await expect(page.getByTestId("count-unresolved")).toHaveText(/^\d[\d,]*\+?$/);
  expect(Number(((await page.getByTestId("count-unresolved").textContent()) ?? "").replace(/[,+]/g, ""))).toBeGreaterThan(25);
  await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Next" })).toBeEnabled();
  await expect(rows(page).first()).toContainText(/[A-Z]+-[0-9A-Z]+/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
});

test("filters live in the URL and narrow the list", async ({ page }) => {
  await signIn(page);
  await page.getByRole("tab", { name: "Resolved", exact: true }).click();
  await expect(page).toHaveURL(/status=resolved/);
  await expect(rows(page).first().getByText("resolved", { exact: true })).toBeVisible();

  await page.getByLabel("Project").selectOption("api");
  await expect(page).toHaveURL(/project=api/);
  await expect(page).toHaveURL(/status=resolved/);
  await settled(page);
  await expect.poll(async () => [...new Set(await column(page, 2))]).toEqual(["api"]);

  await page.getByLabel("Sort by").selectOption("events");
  await expect(page).toHaveURL(/sort=events/);
  await settled(page);
  await expect
    .poll(async () => {
      const events = (await column(page, 6)).map((t) => Number(t.replace(/,/g, "")));
      return events.every((n, i) => i === 0 || events[i - 1] >= n);
    })
    .toBe(true);

  // A shared link opens with the same filters. Scoped to <main>: right after a reload React may
  // still hold the streamed page in a hidden copy outside it, which strict mode would count twice.
  await page.reload();
  const main = page.getByRole("main");
  await expect(main.getByLabel("Project")).toHaveValue("api");
  await expect(main.getByRole("tab", { name: "Resolved", exact: true })).toHaveAttribute("aria-selected", "true");

  await page.getByLabel("Search groups").fill("zz-no-such-group-zz");
  await expect(page).toHaveURL(/query=zz-no-such-group-zz/);
  await expect(page.getByText("No groups match these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows(page).first()).toBeVisible();
});

test("a group opens with its stats, events, tags and linked issues", async ({ page }) => {
  await signIn(page);
  const first = rows(page).first().getByRole("link");
  const title = (await first.textContent())?.trim() ?? "";
  await first.click();
  await expect(page).toHaveURL(/\/o\/acme\/groups\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Users affected")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Latest event" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Stack frames" }).locator("li").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Tags" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Linked issues" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
});

test("an unknown group and another organization are not found", async ({ page }) => {
  await signIn(page);
  const missing = await page.goto("/o/acme/groups/no-such-group");
  expect(missing?.status()).toBe(404);
  await expect(page.getByText("Group not found")).toBeVisible();
  const foreign = await page.goto("/o/not-my-organization/groups");
  expect(foreign?.status()).toBe(404);
});

test("signing out from the user menu returns to the sign-in page", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/o/acme/groups");
  await expect(page).toHaveURL(/\/signin/);
});
