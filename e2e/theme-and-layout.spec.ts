import { expect, test, type Page } from "@playwright/test";
import { DEMO, signInAsDemo } from "./sign-in";

// Dark mode (system preference and the user menu's choice, remembered and rendered by the server),
// the narrow layout's navigation sheet, the demo login on the sign-in page, and a screenshot of
// every page in light, dark and at 390 px (test artifacts: look at them).

const NARROW = { width: 390, height: 844 };

async function htmlIsDark(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.classList.contains("dark"));
}

/** The <html> start tag exactly as the server sent it, with this browser's cookies. */
async function serverHtmlTag(page: Page, path: string): Promise<string> {
  const response = await page.request.get(path);
  const body = await response.text();
  return body.match(/<html[^>]*>/)?.[0] ?? "";
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function expectNoHorizontalScroll(page: Page, what: string): Promise<void> {
  const overflow = await horizontalOverflow(page);
  expect(overflow, `${what} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
}

/** Every page of the dashboard a signed-in user reaches, the group page and a project's settings picked from the demo data. */
async function dashboardPages(page: Page): Promise<{ name: string; path: string }[]> {
  await page.goto("/o/acme/groups");
  const groupHref = await page.locator('a[href^="/o/acme/groups/"]').first().getAttribute("href");
  await page.goto("/o/acme/settings/projects");
  const projectHref = await page.locator('main a[href^="/o/acme/settings/projects/"]').first().getAttribute("href");
  await page.goto("/o/acme/settings/integrations");
  const integrationHrefs = await page.locator('main a[href^="/o/acme/settings/integrations/"]').evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  return [
    { name: "groups", path: "/o/acme/groups" },
    ...(groupHref ? [{ name: "group", path: groupHref }] : []),
    { name: "sync", path: "/o/acme/sync" },
    { name: "settings-integrations", path: "/o/acme/settings/integrations" },
    ...integrationHrefs.map((path, i) => ({ name: `settings-integration-${i + 1}`, path })),
    { name: "settings-projects", path: "/o/acme/settings/projects" },
    ...(projectHref ? [{ name: "settings-project", path: projectHref }] : []),
    { name: "settings-tokens", path: "/o/acme/settings/tokens" },
    { name: "settings-members", path: "/o/acme/settings/members" },
    { name: "settings-teams", path: "/o/acme/settings/teams" },
    { name: "settings-profile", path: "/o/acme/settings/profile" },
    { name: "sandbox-jira", path: "/o/acme/sandbox" },
    { name: "not-found", path: "/o/acme/no-such-page" },
  ];
}

async function screenshotEveryPage(page: Page, mode: "light" | "dark" | "narrow"): Promise<void> {
  await signInAsDemo(page);
  for (const target of await dashboardPages(page)) {
    await page.goto(target.path);
    await page.waitForLoadState("networkidle");
    // Loading skeletons make way for data; the screenshot shows the settled page.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 }).catch(() => undefined);
    expect(await htmlIsDark(page), `${target.name} in ${mode}`).toBe(mode === "dark");
    if (mode === "narrow") await expectNoHorizontalScroll(page, target.name);
    await page.screenshot({ path: test.info().outputPath(`${target.name}-${mode}.png`), fullPage: true });
  }
}

test.describe("the theme", () => {
  test("follows a dark system preference before anything is chosen", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/signin");
    expect(await htmlIsDark(page)).toBe(true);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe("rgb(248, 250, 252)");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(() => htmlIsDark(page)).toBe(false);
  });

  test("the user menu's choice wins over the system, is remembered, and is in the server's HTML", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await signInAsDemo(page);
    expect(await htmlIsDark(page)).toBe(false);
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    expect(await htmlIsDark(page)).toBe(true);
    await page.screenshot({ path: test.info().outputPath("user-menu-dark.png") });
    await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");

    await page.reload();
    expect(await htmlIsDark(page)).toBe(true);
    // No flash: the class is in the HTML the server sends, before any script runs.
    expect(await serverHtmlTag(page, "/o/acme/groups")).toMatch(/class="dark"/);

    // Light, under a dark system: the choice still wins.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "Light" }).click();
    expect(await htmlIsDark(page)).toBe(false);
    await page.reload();
    expect(await htmlIsDark(page)).toBe(false);
    expect(await serverHtmlTag(page, "/o/acme/groups")).not.toMatch(/class="dark"/);

    // Back to the system's setting, which is dark here.
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "System" }).click();
    expect(await htmlIsDark(page)).toBe(true);
    await page.reload();
    expect(await htmlIsDark(page)).toBe(true);
  });
});

test.describe("at 390 px", () => {
  test.use({ viewport: NARROW });

  test("the menu button opens the navigation as a sheet; Esc and following a link close it", async ({ page }) => {
    await signInAsDemo(page);
    const menuButton = page.getByRole("button", { name: "Open navigation" });
    await expect(menuButton).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

    await menuButton.click();
    const sheet = page.getByRole("dialog", { name: "Navigation" });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole("button", { name: "Close navigation" })).toBeFocused();
    await page.screenshot({ path: test.info().outputPath("navigation-sheet-narrow.png") });
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
    await expect(menuButton).toBeFocused();

    await menuButton.click();
    await sheet.getByRole("link", { name: "Sync history" }).click();
    await page.waitForURL(/\/o\/acme\/sync$/);
    await expect(sheet).toBeHidden();
  });

  test("the skip link leads to the main content", async ({ page }) => {
    await signInAsDemo(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("#main-content")).toBeFocused();
  });
});

test("the sign-in page of the demo install shows the demo login and fills it in", async ({ page }) => {
  await page.goto("/signin");
  const demo = page.getByRole("region", { name: "Demo login" });
  await expect(demo).toContainText(DEMO.email);
  await expect(demo).toContainText(DEMO.password);
  await demo.getByRole("button", { name: "Fill in" }).click();
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.email);
  await expect(page.getByLabel("Password")).toHaveValue(DEMO.password);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeFocused();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/o\/acme\/groups/);
});

test.describe("screenshots of every page", () => {
  test("light", async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/signin");
    await page.screenshot({ path: test.info().outputPath("signin-light.png"), fullPage: true });
    await screenshotEveryPage(page, "light");
  });

  test("dark", async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/signin");
    await page.screenshot({ path: test.info().outputPath("signin-dark.png"), fullPage: true });
    await screenshotEveryPage(page, "dark");
  });

  test("390 px", async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(NARROW);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/signin");
    await expectNoHorizontalScroll(page, "signin");
    await page.screenshot({ path: test.info().outputPath("signin-narrow.png"), fullPage: true });
    await screenshotEveryPage(page, "narrow");
  });
});
