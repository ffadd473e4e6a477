import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAsDemo as signIn } from "./sign-in";

// Issue 12, item 2: the groups list as a triager uses it — counts, filters in the URL, keyboard
// triage, bulk changes with toasts, dark mode and a phone-sized screen.

const rows = (page: Page) => page.locator("tbody tr");
// The demo user may edit, so the first column holds the selection checkboxes.
const column = (page: Page, n: number) => rows(page).locator(`td:nth-child(${n + 1})`).allTextContents();
const shortIdOf = async (row: Locator) => ((await row.locator("td:nth-child(2) .font-mono").textContent()) ?? "").trim();
const toast = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

/** Waits until the list shows the answer for the current URL, not the previous page kept on screen. */
async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

async function countOf(page: Page, status: string): Promise<number> {
  const text = (await page.getByTestId(`count-${status}`).textContent()) ?? "";
  return Number(text.replace(/[,+]/g, ""));
}

// Long flows on a shared 2-core machine.
test.describe.configure({ timeout: 90_000 });

async function darkMode(page: Page) {
  await page.emulateMedia({ colorScheme: "dark" });
  // The theme toggle may not be there yet: the class on <html> is what switches the tokens.
  await page.evaluate(() => document.documentElement.classList.add("dark"));
}

test("status tabs count, level and Jira link filters narrow the list, and the URL keeps them", async ({ page }) => {
  await signIn(page);
  for (const status of ["unresolved", "resolved", "ignored", "all"]) {
    await expect(page.getByTestId(`count-${status}`)).toHaveText(/^\d[\d,]*\+?$/);
  }
  expect(await countOf(page, "all")).toBeGreaterThanOrEqual(await countOf(page, "unresolved"));
  await page.screenshot({ path: test.info().outputPath("groups-light.png"), fullPage: true });

  await page.getByLabel("Level").selectOption("error");
  await expect(page).toHaveURL(/level=error/);
  await settled(page);
  await expect.poll(async () => [...new Set(await column(page, 3))]).toEqual(["error"]);

  await page.getByLabel("Level").selectOption("");
  await page.getByLabel("Jira link").selectOption("linked");
  await expect(page).toHaveURL(/linked=linked/);
  await expect(page).not.toHaveURL(/level=/);
  await settled(page);
  await expect(rows(page).first()).toBeVisible();
  const linked = await rows(page).count();
  await expect(rows(page).getByText("Jira", { exact: true })).toHaveCount(linked);
  // The counts follow the filters: the unresolved tab counts the linked groups shown.
  await expect.poll(() => countOf(page, "unresolved")).toBe(linked);

  await page.getByLabel("Jira link").selectOption("unlinked");
  await expect(page).toHaveURL(/linked=unlinked/);
  await settled(page);
  await expect(rows(page).first()).toBeVisible();
  await expect(rows(page).getByText("Jira", { exact: true })).toHaveCount(0);

  await page.getByLabel("Sort by").selectOption("users");
  await expect(page).toHaveURL(/sort=users/);
  await settled(page);
  await expect
    .poll(async () => {
      const users = (await column(page, 7)).map((t) => Number(t.replace(/,/g, "")));
      return users.every((n, i) => i === 0 || users[i - 1] >= n);
    })
    .toBe(true);

  // A reload (or a shared link) opens with the same filters; scoped to <main>, see groups.spec.ts.
  await page.reload();
  const main = page.getByRole("main");
  await expect(main.getByLabel("Jira link")).toHaveValue("unlinked");
  await expect(main.getByLabel("Sort by")).toHaveValue("users");

  // Search by short id finds that group.
  const wanted = await shortIdOf(rows(page).nth(2));
  await main.getByLabel("Search groups").fill(wanted);
  await expect(page).toHaveURL(new RegExp(`query=${wanted}`));
  await settled(page);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(wanted);

  // The back button undoes the search, then the sort.
  await page.goBack();
  await expect(page).not.toHaveURL(/query=/);
  await expect(page.getByRole("main").getByLabel("Search groups")).toHaveValue("");
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=/);
});

test("keyboard triage: j/k move, x selects, r resolves, e archives, a assigns, ? explains, Enter opens", async ({ page }) => {
  await signIn(page, "/o/acme/groups?project=api");
  await settled(page);
  const first = rows(page).nth(0);
  const second = rows(page).nth(1);
  const [firstId, secondId] = [await shortIdOf(first), await shortIdOf(second)];

  // Shortcuts are off while typing: "/" goes to the search box, and j there is just a letter.
  const search = page.getByLabel("Search groups");
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await page.keyboard.type("j");
  await expect(search).toHaveValue("j");
  await expect(page.locator('tbody tr[aria-current="true"]')).toHaveCount(0);
  await search.fill("");
  await page.keyboard.press("Escape");
  await expect(search).not.toBeFocused();
  await expect(page).not.toHaveURL(/query=/);
  await settled(page);

  await page.keyboard.press("j");
  await expect(first).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(second).toHaveAttribute("aria-current", "true");
  await expect(first).not.toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(first).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("x");
  await page.keyboard.press("j");
  await page.keyboard.press("x");
  await expect(first.getByRole("checkbox")).toBeChecked();
  await expect(second.getByRole("checkbox")).toBeChecked();
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("2 selected");

  await page.keyboard.press("r");
  await expect(toast(page, "Resolved 2 groups")).toBeVisible();
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toHaveCount(0);
  await settled(page);
  // Resolved groups leave the unresolved list.
  await expect(rows(page).filter({ hasText: firstId })).toHaveCount(0);
  await expect(rows(page).filter({ hasText: secondId })).toHaveCount(0);

  // With nothing selected, the keys act on the focus row.
  await page.keyboard.press("j");
  const focused = page.locator('tbody tr[aria-current="true"]');
  await expect(focused).toHaveCount(1);
  const archivedId = await shortIdOf(focused);
  await page.keyboard.press("e");
  await expect(toast(page, "Archived 1 group")).toBeVisible();
  await settled(page);
  await expect(rows(page).filter({ hasText: archivedId })).toHaveCount(0);

  await page.keyboard.press("j");
  await page.keyboard.press("a");
  const assign = page.getByRole("dialog", { name: "Assign" });
  await expect(assign).toBeVisible();
  await assign.getByLabel("Find a person or team").fill("#backend");
  await page.keyboard.press("Enter");
  await expect(toast(page, "Assigned 1 group to #backend")).toBeVisible();
  await expect(assign).toBeHidden();
  await expect(page.locator('tbody tr[aria-current="true"]')).toContainText("#backend");

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Resolve the selected (or focused) groups");
  await page.screenshot({ path: test.info().outputPath("groups-shortcuts.png") });
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  const title = ((await page.locator('tbody tr[aria-current="true"] a').first().textContent()) ?? "").trim();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/o\/acme\/groups\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // Both resolved groups are in the resolved tab.
  await page.goto(`/o/acme/groups?status=resolved&query=${firstId}`);
  await expect(rows(page).first()).toContainText(firstId);
});

test("bulk resolve from the toolbar confirms with a toast, and pages turn with the cursor", async ({ page }) => {
  await signIn(page, "/o/acme/groups?project=web");
  await settled(page);
  const before = await countOf(page, "resolved");
  await rows(page).nth(0).getByRole("checkbox").check();
  await rows(page).nth(1).getByRole("checkbox").check();
  await rows(page).nth(2).getByRole("checkbox").check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(toast(page, "Resolved 3 groups")).toBeVisible();
  await expect.poll(() => countOf(page, "resolved")).toBe(before + 3);

  await page.goto("/o/acme/groups?limit=25");
  await settled(page);
  const firstOnPageOne = await shortIdOf(rows(page).first());
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await settled(page);
  await expect(rows(page).filter({ hasText: firstOnPageOne })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Previous" }).click();
  await settled(page);
  await expect(rows(page).first()).toContainText(firstOnPageOne);
});

test("dark mode uses the dark theme tokens", async ({ page }) => {
  await signIn(page);
  await darkMode(page);
  await settled(page);
  const background = await page.locator("tbody tr").first().evaluate((row) => getComputedStyle(row.closest("div") ?? row).backgroundColor);
  // The table's surface is dark (slate-900), not white.
  expect(background).not.toBe("rgb(255, 255, 255)");
  await page.screenshot({ path: test.info().outputPath("groups-dark.png"), fullPage: true });
});

test("at 390 px the table becomes a list of cards", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await settled(page);
  const cards = page.getByRole("list", { name: "Groups" }).getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Groups" })).toBeHidden();
  const card = cards.first();
  await expect(card.getByRole("link")).toBeVisible();
  await expect(card).toContainText(/[A-Z]+-[0-9A-Z]+/);
  await expect(card).toContainText("Last seen");
  await expect(card.getByRole("img", { name: /events in the last 14 days/ })).toBeVisible();
  // The checkbox and the keyboard focus work on cards too.
  await page.keyboard.press("j");
  await expect(card).toHaveAttribute("aria-current", "true");
  await page.screenshot({ path: test.info().outputPath("groups-narrow.png"), fullPage: true });
  await page.screenshot({ path: test.info().outputPath("groups-narrow-top.png") });
  await darkMode(page);
  await page.screenshot({ path: test.info().outputPath("groups-narrow-dark.png") });
});
