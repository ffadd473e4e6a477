import { expect, test, type Page } from "@playwright/test";
import { DEMO, signInAsDemo, submitSignIn } from "./sign-in";

// A project's DSN and client keys on its settings page, as the demo owner manages them: copy the
// DSN, read the SDK set-up, add a key, edit and disable it, rotate the default key. A plain member
// sees the DSN but none of the actions. Screenshots in light, dark and at 390 px are test
// artifacts: look at them.

const PROJECT_PAGE = "/o/acme/settings/projects/worker";
const DSN_PATTERN = /^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/;

/** The whole page; a modal dialog only in its viewport (a full-page shot stretches the backdrop). */
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage });
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test("an owner copies the DSN, adds, edits, disables and rotates keys; a member only reads the DSN", async ({ page, browser, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsDemo(page, PROJECT_PAGE);
  await expect(page.getByRole("heading", { name: "Worker", level: 1 })).toBeVisible();

  // The DSN, copied with its button.
  const dsnField = page.getByLabel("DSN", { exact: true });
  await expect(dsnField).toHaveValue(DSN_PATTERN);
  const oldDsn = await dsnField.inputValue();
  await page.getByRole("button", { name: "Copy DSN", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "DSN copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oldDsn);

  // The set-up snippets carry the DSN, for each SDK.
  const setup = page.getByRole("tabpanel");
  await expect(setup).toContainText("npm install @sentry/node");
  await expect(setup).toContainText(`dsn: "${oldDsn}"`);
  await page.getByRole("tab", { name: "Browser" }).click();
  await expect(setup).toContainText("npm install @sentry/browser");
  await expect(setup).toContainText(`dsn: "${oldDsn}"`);
  await page.getByRole("tab", { name: "Python" }).click();
  await expect(setup).toContainText("pip install sentry-sdk");
  await expect(setup).toContainText(`dsn="${oldDsn}"`);
  await page.getByRole("button", { name: "Copy Python set-up" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`sentry_sdk.init(\n    dsn="${oldDsn}",`);

  // Add a key with a rate limit: its DSN is shown at once.
  const label = `E2E browser ${Date.now() % 100_000}`;
  const addForm = page.getByRole("form", { name: "Add key" });
  await addForm.getByLabel("Label").fill(label);
  await addForm.getByLabel("Rate limit (events per minute)").fill("600");
  await addForm.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Key “${label}” added` }).first()).toBeVisible();
  const newDsn = page.getByLabel("New DSN", { exact: true });
  await expect(newDsn).toHaveValue(DSN_PATTERN);
  expect(await newDsn.inputValue()).not.toBe(oldDsn);
  const added = page.getByRole("listitem", { name: `Key ${label}` });
  await expect(added).toContainText("active");
  await expect(added).toContainText("600 events/min");
  await expect(added).toContainText("last used never");
  await expect(addForm.getByLabel("Label")).toHaveValue("");

  // Edit its label and clear its rate limit.
  const renamed = `${label} (web)`;
  await page.getByRole("button", { name: `Edit ${label}` }).click();
  const editForm = page.getByRole("form", { name: "Save key" });
  await editForm.getByLabel("Label").fill(renamed);
  await editForm.getByLabel("Rate limit (events per minute)").fill("");
  await editForm.getByRole("button", { name: "Save key" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Key “${renamed}” saved` })).toBeVisible();
  const edited = page.getByRole("listitem", { name: `Key ${renamed}` });
  await expect(edited).toContainText("no rate limit");

  // Disable it: the badge says so, and the API agrees.
  await page.getByRole("button", { name: `Disable ${renamed}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Key “${renamed}” disabled` })).toBeVisible();
  await expect(edited).toContainText("disabled");
  await expect(page.getByRole("button", { name: `Enable ${renamed}` })).toBeVisible();
  const listed = (await (await page.request.get("/api/v1/projects/acme/worker/keys")).json()) as { keys: { label: string; isActive: boolean }[] };
  expect(listed.keys.find((key) => key.label === renamed)?.isActive).toBe(false);
  await shoot(page, "project-keys-light");

  // Rotate the default key: the dialog says what breaks; afterwards the page shows the new DSN.
  await page.getByRole("button", { name: "Rotate Default" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the key “Default”?" });
  await expect(dialog).toContainText("disables this one immediately");
  await expect(dialog).toContainText("new DSN");
  await shoot(page, "project-keys-rotate-dialog", false);
  await dialog.getByRole("button", { name: "Rotate key" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Key “Default” rotated" }).first()).toBeVisible();
  await expect(newDsn).toHaveValue(DSN_PATTERN);
  const rotatedDsn = await newDsn.inputValue();
  expect(rotatedDsn).not.toBe(oldDsn);
  await expect(dsnField).toHaveValue(rotatedDsn);
  const keys = page.getByRole("list", { name: "Client keys" }).getByRole("listitem");
  await expect(keys.filter({ hasText: oldDsn })).toContainText("disabled");
  await expect(keys.filter({ hasText: rotatedDsn })).toContainText("active");

  // The projects list shows the new DSN and links to the set-up.
  await page.goto("/o/acme/settings/projects");
  await expect(page.getByLabel("DSN of Worker", { exact: true })).toHaveText(rotatedDsn);
  await shoot(page, "projects-list-light");

  // Dark mode, and the narrow layout without sideways scrolling.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(PROJECT_PAGE);
  await expect(dsnField).toHaveValue(rotatedDsn);
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  await shoot(page, "project-keys-dark");
  await page.getByRole("button", { name: "Rotate Default" }).click();
  await shoot(page, "project-keys-rotate-dialog-dark", false);
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(dsnField).toHaveValue(rotatedDsn);
  expect(await horizontalOverflow(page), "the project settings scroll sideways at 390 px").toBeLessThanOrEqual(0);
  await shoot(page, "project-keys-390");
  await page.goto("/o/acme/settings/projects");
  expect(await horizontalOverflow(page), "the projects list scrolls sideways at 390 px").toBeLessThanOrEqual(0);
  await shoot(page, "projects-list-390");

  // A member (not an admin) sees the DSN to set an app up, and none of the actions.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await submitSignIn(member, "sam.rivera@tether.local", DEMO.password, PROJECT_PAGE);
  await member.waitForURL((url) => url.pathname === PROJECT_PAGE);
  await expect(member.getByLabel("DSN", { exact: true })).toHaveValue(rotatedDsn);
  await expect(member.getByRole("listitem", { name: `Key ${renamed}` })).toContainText("disabled");
  await expect(member.getByText("Only owners and admins can add, edit, disable or rotate keys.")).toBeVisible();
  await expect(member.getByRole("button", { name: /^(Rotate|Disable|Enable|Edit) / })).toHaveCount(0);
  await expect(member.getByRole("form", { name: "Add key" })).toHaveCount(0);
  await shoot(member, "project-keys-member");
  await memberContext.close();
});
