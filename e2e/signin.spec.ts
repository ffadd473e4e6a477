import { expect, test, type Page } from "@playwright/test";

const DEMO = { email: "demo@tether.local", password: "tether-demo" };

async function submit(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
}

test("a wrong password shows a clear error and stays on the sign-in page", async ({ page }) => {
  await submit(page, DEMO.email, "not-the-password");
  // Scoped to the form: Next.js keeps an empty role="alert" route announcer on every page.
  await expect(page.locator("form").getByRole("alert")).toContainText(/invalid|incorrect|wrong/i);
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.email);
});

test("the demo login lands on the groups list of the demo organization", async ({ page }) => {
  await submit(page, DEMO.email, DEMO.password);
  await expect(page).toHaveURL(/\/o\/acme\/groups/);
  const groups = page.locator('a[href^="/o/acme/groups/"]');
  await expect(groups.first()).toBeVisible();
  expect(await groups.count()).toBeGreaterThan(1);
});

test("pages of the dashboard ask for a sign-in first", async ({ page }) => {
  await page.goto("/o/acme/groups");
  await expect(page).toHaveURL(/\/signin/);
});
