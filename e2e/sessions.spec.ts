import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./sign-in";

test("defect 2: sign out everywhere ends the session in every browser", async ({ browser }) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  try {
    const here = await laptop.newPage();
    const there = await phone.newPage();
    await signInAsDemo(here);
    await signInAsDemo(there);

    await here.getByRole("button", { name: "User menu" }).click();
    await here.getByRole("menuitem", { name: "Sign out everywhere" }).click();
    await expect(here).toHaveURL(/\/signin/);

    // The other browser still holds its cookie, and it no longer opens anything.
    await there.goto("/o/acme/groups");
    await expect(there).toHaveURL(/\/signin\?callbackUrl=%2Fo%2Facme%2Fgroups/);
    const api = await there.request.get("/api/v1/organizations/acme/members");
    expect(api.status()).toBe(401);

    await signInAsDemo(there);
    await expect(there.locator('a[href^="/o/acme/groups/"]').first()).toBeVisible();
  } finally {
    await laptop.close();
    await phone.close();
  }
});
