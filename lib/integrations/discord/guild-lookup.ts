import type { DiscordAppSettings } from "./app-settings";
import { callDiscord } from "./discord-api";
import { discordAppError } from "./discord-app-error";

export interface DiscordGuild {
  id: string;
  name: string;
}

/**
 * The guild as Discord names it, asked as the bot: an answer at all proves the bot is in it.
 * Every way Discord can say no becomes an AppError the page and the CLI show as is.
 */
export async function fetchDiscordGuild(settings: Pick<DiscordAppSettings, "apiBaseUrl" | "botToken">, guildId: string): Promise<DiscordGuild> {
  try {
    const guild = await callDiscord<{ name?: unknown }>(settings, { method: "GET", path: `/guilds/${guildId}` });
    const name = typeof guild?.name === "string" && guild.name.trim() ? guild.name.trim().slice(0, 200) : `Discord server ${guildId}`;
    return { id: guildId, name };
  } catch (error) {
    throw discordAppError(error, {
      code: "unknown_guild",
      message: `The bot is not in guild ${guildId}: add it with the install link first (Settings › Integrations › Add to Discord)`,
    });
  }
}
