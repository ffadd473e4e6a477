import { AppError } from "@/lib/errors";
import { PermanentSyncError, RetryAfterError } from "@/lib/integrations/provider";
import type { DiscordAppSettings } from "./app-settings";
import { DiscordApiError, callDiscord } from "./discord-api";

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
    const guild = await callDiscord<{ id?: unknown; name?: unknown }>(settings, { method: "GET", path: `/guilds/${guildId}` });
    const name = typeof guild?.name === "string" && guild.name.trim() ? guild.name.trim().slice(0, 200) : `Discord server ${guildId}`;
    return { id: guildId, name };
  } catch (error) {
    // 404 Unknown Guild and 403 Missing Access: Discord says the same thing both ways, the bot is not there.
    if (error instanceof DiscordApiError && (error.status === 404 || error.status === 403)) {
      throw new AppError(404, "unknown_guild", `The bot is not in guild ${guildId}: add it with the install link first (Settings › Integrations › Add to Discord)`);
    }
    if (error instanceof PermanentSyncError) throw new AppError(502, "discord_refused", error.message);
    if (error instanceof DiscordApiError) throw new AppError(502, "discord_refused", error.message);
    if (error instanceof RetryAfterError) throw new AppError(503, "discord_rate_limited", `Discord is rate-limiting Tether; try again in ${error.seconds}s`, undefined, { "retry-after": String(error.seconds) });
    throw new AppError(502, "discord_unavailable", error instanceof Error ? error.message : "Discord could not be reached");
  }
}
