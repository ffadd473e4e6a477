import { describe, expect, it } from "vitest";
import { DEFAULT_DISCORD_API_BASE_URL, discordAppSettings } from "./app-settings";

const complete = {
  DISCORD_APPLICATION_ID: "1234567890123456",
  DISCORD_PUBLIC_KEY: "AB".repeat(32),
  DISCORD_BOT_TOKEN: "bot-token",
};

describe("the Discord application from the environment", () => {
  it("reads a complete configuration, with Discord's API by default and the key in lower case", () => {
    expect(discordAppSettings(complete)).toEqual({
      configured: true,
      settings: { applicationId: "1234567890123456", publicKey: "ab".repeat(32), botToken: "bot-token", apiBaseUrl: DEFAULT_DISCORD_API_BASE_URL },
    });
    const fake = discordAppSettings({ ...complete, DISCORD_API_BASE_URL: "http://127.0.0.1:4999/api/v10/" });
    expect(fake).toMatchObject({ configured: true, settings: { apiBaseUrl: "http://127.0.0.1:4999/api/v10" } });
  });

  it("names every variable that is missing or malformed, never its value", () => {
    const result = discordAppSettings({ DISCORD_PUBLIC_KEY: "not-hex-secret", DISCORD_API_BASE_URL: "nope" });
    expect(result.configured).toBe(false);
    if (result.configured) return;
    expect(result.problems.map((problem) => problem.split(":")[0]).sort()).toEqual(["DISCORD_API_BASE_URL", "DISCORD_APPLICATION_ID", "DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY"]);
    expect(result.problems.join(" ")).not.toContain("not-hex-secret");
  });
});
