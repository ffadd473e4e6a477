import { describe, expect, it } from "vitest";
import { DISCORD_BOT_PERMISSIONS, discordInstallSettings, tetherPublicBaseUrl } from "./app-settings";
import { discordInstallUrl, readDiscordInstallState, signDiscordInstallState } from "./install-link";

describe("the Add to Discord link", () => {
  it("asks for View Channel, Send Messages and Embed Links only", () => {
    expect(DISCORD_BOT_PERMISSIONS).toBe("19456");
  });

  it("sends Discord back to Tether's public base URL, and leaves the page flow off without a client secret", () => {
    expect(discordInstallSettings({ TETHER_BASE_URL: "https://tether.example.com/", DISCORD_CLIENT_SECRET: " s3cret " })).toEqual({
      clientSecret: "s3cret",
      redirectUri: "https://tether.example.com/api/discord/install/callback",
    });
    expect(discordInstallSettings({ NEXTAUTH_URL: "https://login.example.com" })).toEqual({ clientSecret: null, redirectUri: "https://login.example.com/api/discord/install/callback" });
    expect(tetherPublicBaseUrl({ PORT: "4000" })).toBe("http://localhost:4000");
  });

  it("builds Discord's authorize URL with the bot and commands scopes", () => {
    const url = discordInstallUrl({ applicationId: "123" }, { redirectUri: "https://t.example/api/discord/install/callback" }, "the-state");
    expect(url).toBe(
      "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=19456&response_type=code&redirect_uri=https%3A%2F%2Ft.example%2Fapi%2Fdiscord%2Finstall%2Fcallback&state=the-state",
    );
  });

  it("reads back the organization and user of a state for 10 minutes, and nothing after or from another signed token", async () => {
    const state = await signDiscordInstallState({ organizationId: "org-1", userId: "user-1" });
    expect(await readDiscordInstallState(state)).toEqual({ organizationId: "org-1", userId: "user-1" });
    const nineMinutesAgo = await signDiscordInstallState({ organizationId: "org-1", userId: "user-1" }, new Date(Date.now() - 9 * 60_000));
    expect(await readDiscordInstallState(nineMinutesAgo)).toEqual({ organizationId: "org-1", userId: "user-1" });
    const elevenMinutesAgo = await signDiscordInstallState({ organizationId: "org-1", userId: "user-1" }, new Date(Date.now() - 11 * 60_000));
    await expect(readDiscordInstallState(elevenMinutesAgo)).rejects.toMatchObject({ status: 400, code: "invalid_install_state" });
    const { issueSiteLinkToken } = await import("@/lib/integrations/jira/site-link-token");
    await expect(readDiscordInstallState(await issueSiteLinkToken("client-key"))).rejects.toMatchObject({ status: 400 });
    await expect(readDiscordInstallState("not.a.jwt")).rejects.toMatchObject({ status: 400 });
  });
});
