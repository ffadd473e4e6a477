import { expect, test, type Page } from "@playwright/test";
import { E2E_SDK_EVENT_GROUP_ID } from "../scripts/e2e-sdk-event";
import { signInAsDemo } from "./sign-in";

const GROUP_PATH = `/o/acme/groups/${E2E_SDK_EVENT_GROUP_ID}`;

async function openGroup(page: Page): Promise<void> {
  await signInAsDemo(page, GROUP_PATH);
  await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toHaveText("CheckoutError: Could not show the checkout summary");
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

// Issue 13, item 5: an event a Sentry SDK sent shows what it sent.
test("an SDK event shows its exception chain, source context, breadcrumbs, request and contexts", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openGroup(page);
  const main = page.getByRole("main");

  // The raised exception first, its cause below, each with how it was caught.
  const chain = main.getByRole("region", { name: "Exception" });
  await expect(chain.getByRole("heading", { level: 4 })).toHaveText(["CheckoutError", "TypeError"]);
  await expect(chain.getByText("unhandled").first()).toBeVisible();
  await expect(chain.getByText("Caused by")).toBeVisible();
  await expect(chain.getByText("Cannot read properties of undefined (reading 'amount')", { exact: true })).toBeVisible();

  // In-app frames open with the lines around the one that threw, numbered; library frames folded.
  const frames = chain.getByRole("list", { name: "Stack frames", exact: true });
  const current = frames.locator("[data-current-line]").first();
  await expect(current).toContainText('throw new CheckoutError("Could not show the checkout summary", { cause });');
  await expect(current).toContainText("29");
  await expect(frames.getByText("} catch (cause) {")).toBeVisible();
  await expect(frames.getByText("flushPassiveEffects")).toHaveCount(0);
  await frames.getByRole("button", { name: "2 library frames" }).click();
  await expect(frames.getByText("flushPassiveEffects", { exact: true })).toBeVisible();
  const cause = chain.getByRole("list", { name: "Stack frames of TypeError" });
  await expect(cause.locator("[data-current-line]").first()).toContainText("return items.reduce((sum, item) => sum + item.price.amount, 0);");
  await cause.getByText("2 local variables").click();
  await expect(cause.getByText("[Array]")).toBeVisible();

  // The latest ten breadcrumbs, the latest last; the rest on request.
  const trail = main.getByRole("list", { name: "Breadcrumb trail" });
  await expect(trail.getByRole("listitem")).toHaveCount(11);
  await expect(trail.getByRole("listitem").last()).toContainText("Uncaught (in promise) TypeError");
  await trail.getByRole("button", { name: /Show all 13 breadcrumbs/ }).click();
  await expect(trail.getByRole("listitem")).toHaveCount(13);
  await expect(trail.getByRole("listitem").first()).toContainText("to=/cart");

  // The request: URL and query; credentials named but never shown.
  const request = main.getByRole("region", { name: "Request" });
  await expect(request.getByText("https://shop.acme.example/checkout/summary?step=2&coupon=SPRING25")).toBeVisible();
  await expect(request.getByRole("definition").filter({ hasText: "SPRING25" })).toBeVisible();
  await request.getByText("3 headers").click();
  await expect(request.getByText("[withheld]")).toBeVisible();
  await expect(main).not.toContainText("should-never-show");

  // Contexts as cards, and what the SDK was.
  const contexts = main.getByRole("region", { name: "Contexts" });
  await expect(contexts.getByText("Browser", { exact: true })).toBeVisible();
  await expect(contexts.getByText("Chrome 131.0.0")).toBeVisible();
  await expect(contexts.getByText("Operating system")).toBeVisible();
  await expect(contexts.getByText("macOS 15.1")).toBeVisible();
  await expect(contexts.getByText("Lisbon, Portugal, PT")).toBeVisible();
  await expect(main.getByText("sentry.javascript.browser 9.46.0")).toBeVisible();
  await expect(main.getByText("/checkout/:step").first()).toBeVisible();
  await shoot(page, "sdk-event-light");
});

test("the SDK event in dark mode and at 390 px", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1400, height: 900 });
  await openGroup(page);
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await expect(page.getByRole("main").getByRole("region", { name: "Contexts" })).toBeVisible();
  await shoot(page, "sdk-event-dark");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.emulateMedia({ colorScheme: "light" });
  await page.reload();
  await expect(page.getByRole("main").getByRole("list", { name: "Breadcrumb trail" })).toBeVisible();
  const overflow = await page.getByRole("main").evaluate((main) => main.scrollWidth - main.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await shoot(page, "sdk-event-390");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await shoot(page, "sdk-event-390-dark");
});
