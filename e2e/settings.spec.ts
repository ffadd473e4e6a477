import { expect, test, type Page } from "@playwright/test";
import { DEMO, signInAsDemo } from "./sign-in";

// Members, teams and the profile, driven as an owner of the demo organization would; the invitee
// uses a browser of their own. Everything made here is removed again so other specs see the demo as seeded.

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function darkShot(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await shoot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
}

async function narrowShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, `${name}-390`);
  if (size) await page.setViewportSize(size);
}

test("an owner invites a member by link; they create an account with it, join, get a new role and are removed", async ({ page, browser, context }) => {
  // Two browsers, a bcrypt hash and a dozen round trips: more than the default on a busy machine.
  test.setTimeout(90_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsDemo(page, "/o/acme/settings/members");
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await expect(page.getByText("Tether sends no email").first()).toBeVisible();
  const email = `invitee.${Date.now()}@example.com`;

  // A bad address is refused beside the field.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.locator("#invite-email-error")).toContainText("email");

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const linkBox = page.getByLabel(`Invite link for ${email}`);
  await expect(linkBox).toHaveValue(/\/invite\/tinv_/);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invite link copied" })).toBeVisible();
  const link = await linkBox.inputValue();
  await expect(page.getByRole("listitem").filter({ hasText: email })).toContainText("Pending");
  await shoot(page, "members-invited");

  // The same address again is a clear 409 beside the field.
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.locator("#invite-email-error")).toContainText("Already invited");

  // The invitee, in a fresh browser, creates an account with the link and lands in the organization.
  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(new URL(link).pathname);
  await expect(inviteePage.getByRole("heading", { name: /Join/ })).toBeVisible();
  await shoot(inviteePage, "invite-page");
  await inviteePage.getByLabel("Your name").fill("Ivy Invitee");
  await inviteePage.getByLabel("Password", { exact: true }).fill("short");
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage.locator("#invite-account-password-error")).toContainText("at least 8");
  await inviteePage.getByLabel("Password", { exact: true }).fill("ivy-password-1");
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await inviteePage.waitForURL("**/o/acme/groups");
  // The link worked once.
  await inviteePage.goto(new URL(link).pathname);
  await expect(inviteePage.getByRole("heading", { name: "This invite has already been used" })).toBeVisible();
  await invitee.close();

  await page.reload();
  const row = page.locator("tbody tr", { hasText: email });
  await expect(row).toContainText("Ivy Invitee");
  await expect(page.getByRole("listitem").filter({ hasText: email })).toHaveCount(0);
  await row.getByLabel("Role of Ivy Invitee").selectOption("admin");
  await expect(page.getByRole("status").filter({ hasText: "Ivy Invitee is now admin" })).toBeVisible();
  await page.reload();
  await expect(page.locator("tbody tr", { hasText: email }).getByLabel("Role of Ivy Invitee")).toHaveValue("admin");
  await shoot(page, "members");
  await darkShot(page, "members");
  await narrowShot(page, "members");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.locator("tbody tr", { hasText: email }).getByRole("button", { name: "Remove Ivy Invitee" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ivy Invitee removed" })).toBeVisible();
  await expect(page.locator("tbody tr", { hasText: email })).toHaveCount(0);
});

test("an owner creates a team, adds a member, and deletes it", async ({ page }) => {
  await signInAsDemo(page, "/o/acme/settings/teams");
  await expect(page.getByRole("heading", { name: "Teams", level: 1 })).toBeVisible();
  const name = `E2E Squad ${Date.now().toString(36)}`;
  await page.getByLabel("Team name").fill(name);
  await page.getByRole("button", { name: "Create team" }).click();
  const slug = name.toLowerCase().replaceAll(" ", "-");
  await expect(page.getByRole("status").filter({ hasText: `Team #${slug} created` })).toBeVisible();
  const card = page.locator("section", { hasText: `#${slug}` });
  await expect(card).toContainText("0 members");
  const select = card.getByLabel(`Add a member to #${slug}`);
  const firstMember = await select.locator("option").nth(1).textContent();
  await select.selectOption({ index: 1 });
  await card.getByRole("button", { name: "Add", exact: true }).click();
  await expect(card).toContainText("1 member");
  await expect(card.getByRole("list", { name: `Members of ${slug}` })).toContainText((firstMember ?? "").split(" (")[0]);
  await shoot(page, "teams");
  await darkShot(page, "teams");
  await narrowShot(page, "teams");

  page.once("dialog", (dialog) => void dialog.accept());
  await card.getByRole("button", { name: `Delete team ${slug}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Team #${slug} deleted` })).toBeVisible();
  await expect(page.locator("section", { hasText: `#${slug}` })).toHaveCount(0);
});

test("the user menu leads to the profile, where the name changes", async ({ page }) => {
  await signInAsDemo(page);
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Your profile" }).click();
  await page.waitForURL("**/o/acme/settings/profile");
  await expect(page.getByRole("heading", { name: "Your profile", level: 1 })).toBeVisible();
  await expect(page.getByText(DEMO.email).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Discord" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Jira" })).toBeVisible();
  const nameField = page.getByLabel("Name", { exact: true });
  const original = await nameField.inputValue();
  await nameField.fill("Demo Renamed");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Name saved" })).toBeVisible();
  await expect(page.getByRole("button", { name: "User menu" })).toContainText("Demo Renamed");

  // A wrong current password is refused beside its field, and nothing changes.
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password", { exact: true }).fill("whatever-123");
  await page.getByLabel("Repeat the new password").fill("whatever-123");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#current-password-error")).toContainText("Incorrect password");
  await shoot(page, "profile");
  await darkShot(page, "profile");
  await narrowShot(page, "profile");

  await nameField.fill(original || "Demo User");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Name saved" }).last()).toBeVisible();
});
