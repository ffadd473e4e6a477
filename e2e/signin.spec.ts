import { expect, test } from "@playwright/test";
import { DEMO, submitSignIn } from "./sign-in";

test("a wrong password shows a clear error and stays on the sign-in page", async ({ page }) => {
  await submitSignIn(page, DEMO.email, "not-the-password");
  // Scoped to the form: Next.js keeps an empty role="alert" route announcer on every page.
  await expect(page.locator("form").getByRole("alert")).toContainText(/invalid|incorrect|wrong/i);
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.email);
});

test("the demo login lands on the groups list of the demo organization", async ({ page }) => {
  await submitSignIn(page, DEMO.email, DEMO.password);
  await expect(page).toHaveURL(/\/o\/acme\/groups/);
  const groups = page.locator('a[href^="/o/acme/groups/"]');
  await expect(groups.first()).toBeVisible();
  expect(await groups.count()).toBeGreaterThan(1);
});

test("pages of the dashboard ask for a sign-in first", async ({ page }) => {
  await page.goto("/o/acme/groups");
  await expect(page).toHaveURL(/\/signin/);
});

test("defect 5: signing in with a hostile callbackUrl lands on the dashboard, never on another site", async ({ page }) => {
  const hostile = ["http://tether.invalid//evil.com", "//evil.com", "/\\evil.com", "/%2F%2Fevil.com", "https://evil.com/"];
  await submitSignIn(page, DEMO.email, DEMO.password, hostile[0]);
  await page.waitForURL((url) => url.pathname === "/o/acme/groups");
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL ?? "").host);
  // Signed in now: the sign-in page sends the browser on by itself, and must not send it away either.
  for (const callbackUrl of hostile) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.waitForURL((url) => url.pathname === "/o/acme/groups");
    expect(new URL(page.url()).host, callbackUrl).toBe(new URL(test.info().project.use.baseURL ?? "").host);
  }
});
