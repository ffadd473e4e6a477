import { AppError } from "@/lib/errors";
import { PermanentSyncError, RetryAfterError } from "@/lib/integrations/provider";
import { DiscordApiError } from "./discord-api";

/**
 * A failed Discord call made on an admin's behalf (page or CLI) as an AppError they can act on:
 * `notThere` says what a 403/404 means for this call; the rest are Discord's own words.
 */
export function discordAppError(error: unknown, notThere: { code: string; message: string }): AppError {
  if (error instanceof AppError) return error;
  // 404 Unknown Guild and 403 Missing Access: Discord says "the bot is not there" both ways.
  if (error instanceof DiscordApiError && (error.status === 404 || error.status === 403)) return new AppError(404, notThere.code, notThere.message);
  if (error instanceof PermanentSyncError || error instanceof DiscordApiError) return new AppError(502, "discord_refused", error.message);
  if (error instanceof RetryAfterError) {
    return new AppError(503, "discord_rate_limited", `Discord is rate-limiting Tether; try again in ${error.seconds}s`, undefined, { "retry-after": String(error.seconds) });
  }
  return new AppError(502, "discord_unavailable", error instanceof Error ? error.message : "Discord could not be reached");
}
