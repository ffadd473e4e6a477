import { expect, test } from "@playwright/test";
import { signInAsDemo as signIn } from "./sign-in";

test("an owner creates a token, sees it once, uses it, and revokes it", async ({ page, request }) => {
  await signIn(page, "/o/acme/settings/tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  const name = `e2e token ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("checkbox", { name: /events:write/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();

  const secret = page.getByLabel("New API token");
  await expect(secret).toHaveValue(/^tth_/);
  const token = await secret.inputValue();
  const row = page.locator("tbody tr", { hasText: name });
  await expect(row).toContainText("issues:read");
  await expect(row).toContainText("events:write");
  await expect(row).toContainText(token.slice(0, 10));

  const api = (bearer: string) => request.get("/api/v1/organizations/acme/groups?limit=1", { headers: { authorization: `Bearer ${bearer}` } });
  expect((await api(token)).status()).toBe(200);

  // The secret is gone once dismissed, and never comes back with the list.
  await page.getByRole("button", { name: "Done" }).click();
  await expect(secret).toHaveCount(0);
  await page.reload();
  await expect(page.locator("body")).not.toContainText(token);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("revoked");
  await expect(page.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  expect((await api(token)).status()).toBe(401);
});
