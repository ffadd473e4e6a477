import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_DISCORD_GUILD_ID, E2E_DISCORD_GUILD_NAME, e2eInteractionHeaders } from "./fakes/discord-test-keys";
import { FakeDiscord, interactionBody } from "./fakes/fake-discord";
import { DEMO, signInAsDemo } from "./sign-in";

// Discord in the browser (issue 11): a Discord user runs /link, opens the signed link, signs in,
// confirms, and is linked; then a signed button click resolves a group as that user and the
// dashboard shows it. Interactions are posted to the running server signed with the e2e key pair
// (playwright.config.ts gives the server its public key); the guild is added to the demo
// organization before the server starts (scripts/e2e-discord-guild.ts).
const DISCORD_PORT = Number(process.env.TETHER_E2E_DISCORD_PORT ?? 3298);
const DISCORD_USER = "1180000000000000901";
const CHANNEL = "1180000000000000950";

interface Reply {
  type: number;
  data: { content: string; flags: number };
}

async function interact(request: APIRequestContext, base: string, fields: Record<string, unknown>): Promise<Reply> {
  const body = interactionBody({ guild_id: E2E_DISCORD_GUILD_ID, channel_id: CHANNEL, member: { user: { id: DISCORD_USER, username: "e2e.tester", global_name: "E2E Tester" } }, ...fields });
  const response = await request.post(`${base}/api/discord/interactions`, { data: body, headers: e2eInteractionHeaders(body) });
  expect(response.status()).toBe(200);
  return (await response.json()) as Reply;
}

test.describe.serial("Discord", () => {
  const discord = new FakeDiscord();
  let base = "";

  test.beforeAll(async ({ baseURL }) => {
    base = baseURL ?? "http://127.0.0.1:3210";
    discord.addGuild(E2E_DISCORD_GUILD_ID, E2E_DISCORD_GUILD_NAME);
    discord.addChannel({ id: CHANNEL, guildId: E2E_DISCORD_GUILD_ID, name: "alerts", type: 0 });
    await discord.start(DISCORD_PORT);
  });
  test.afterAll(async () => {
    await discord.stop();
  });

  test("a Discord user links their account through /link, the sign-in page and the confirm button", async ({ page, request }) => {
    const help = await interact(request, base, { type: 2, data: { name: "help" } });
    expect(help).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(help.data.content).toContain("`/link`");

    const reply = await interact(request, base, { type: 2, data: { name: "link" } });
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    const url = /^\[Click here\]\(([^)]+)\) to link your Discord account to your Tether account\.$/.exec(reply.data.content)?.[1];
    expect(url, reply.data.content).toBeTruthy();
    expect(url!.startsWith(`${base}/discord/link-identity/`)).toBe(true);

    // Signed out: the sign-in page first, then back to the link page.
    await page.goto(url!);
    await page.waitForURL((target) => target.pathname === "/signin");
    await page.getByLabel("Email").fill(DEMO.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((target) => target.pathname.startsWith("/discord/link-identity/"));
    // The page names the Discord account as Discord sent it, so nobody confirms another person's link unaware.
    await expect(page.getByText(`Link Discord account E2E Tester (${DISCORD_USER}) in ${E2E_DISCORD_GUILD_NAME} to ${DEMO.email}?`)).toBeVisible();
    await expect(page.getByText("Only continue if you ran /link yourself")).toBeVisible();
    await page.getByRole("button", { name: "Link accounts" }).click();
    await expect(page.getByRole("status")).toContainText(`Your Discord account ${DISCORD_USER} in ${E2E_DISCORD_GUILD_NAME} is now linked to ${DEMO.email}.`);

    const again = await interact(request, base, { type: 2, data: { name: "LINK" } });
    expect(again.data.content).toBe(`You are already linked to the Tether account with email: \`${DEMO.email}\`.`);

    // A tampered link: the expired-or-invalid page, not an error.
    await page.goto(`${url!}x`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("This link has expired or is invalid — run /link again in Discord.");
  });

  test("/unlink unlinks through its page, and /link links again", async ({ page, request }) => {
    await signInAsDemo(page);
    const unlink = await interact(request, base, { type: 2, data: { name: "unlink" } });
    const unlinkUrl = /^\[Click here\]\(([^)]+)\) to unlink your Discord account from your Tether Account\.$/.exec(unlink.data.content)?.[1];
    expect(unlinkUrl, unlink.data.content).toBeTruthy();
    await page.goto(unlinkUrl!);
    await expect(page.getByText(`Unlink Discord account ${DISCORD_USER} in ${E2E_DISCORD_GUILD_NAME} from ${DEMO.email}?`)).toBeVisible();
    await page.getByRole("button", { name: "Unlink accounts" }).click();
    await expect(page.getByRole("status")).toContainText(`Discord account ${DISCORD_USER} in ${E2E_DISCORD_GUILD_NAME} is no longer linked to ${DEMO.email}.`);
    const unlinked = await interact(request, base, { type: 2, data: { name: "unlink" } });
    expect(unlinked.data.content).toBe("Your Discord account is not linked to a Tether account. Use `/link` to link your accounts.");

    const link = await interact(request, base, { type: 2, data: { name: "link" } });
    await page.goto(/\(([^)]+)\)/.exec(link.data.content)![1]);
    await page.getByRole("button", { name: "Link accounts" }).click();
    await expect(page.getByRole("status")).toContainText("is now linked to");
  });

  test("a signed Resolve click from the linked Discord user resolves the group, and the dashboard shows it", async ({ page, request }) => {
    await signInAsDemo(page);
    await page.getByRole("tab", { name: "Unresolved", exact: true }).click();
    const href = await page.locator('tbody tr a[href^="/o/acme/groups/"]').first().getAttribute("href");
    const groupId = href!.split("/").pop()!.split("?")[0];

    // The click acts as the Tether user linked above (behaviour.md §9.4).
    const reply = await interact(request, base, { type: 3, data: { custom_id: `resolve:${groupId}`, component_type: 2 } });
    expect(reply).toMatchObject({ type: 4, data: { content: "The issue has been resolved.", flags: 64 } });

    await page.goto(href!);
    await expect(page.getByRole("main").getByRole("button", { name: "Unresolve" })).toBeVisible();
  });
});
