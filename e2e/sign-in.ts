import type { Page } from "@playwright/test";

/** The demo login that the first start prints (lib/demo/seed-demo.ts). */
export const DEMO = { email: "demo@tether.local", password: "tether-demo" };

/** Fills the sign-in form; where it leads is the caller's to check. */
export async function submitSignIn(page: Page, email: string, password: string, callbackUrl?: string): Promise<void> {
  await page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in as the demo user and waits for the page it asked for (the groups list by default). */
export async function signInAsDemo(page: Page, callbackUrl = "/o/acme/groups"): Promise<void> {
  await submitSignIn(page, DEMO.email, DEMO.password, callbackUrl);
  await page.waitForURL((url) => url.pathname === callbackUrl.split("?")[0]);
}
