import { z } from "zod";
import type { DiscordAppSettings, DiscordInstallSettings } from "./app-settings";
import { DISCORD_REQUEST_TIMEOUT_MS } from "./discord-api";

/** Why the code could not be exchanged; the callback shows a fixed text for it. */
export class DiscordCodeExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiscordCodeExchangeError";
  }
}

const tokenAnswerSchema = z.object({
  // With the `bot` scope Discord's answer names the guild the bot was just added to.
  guild: z.object({ id: z.string().regex(/^\d{1,20}$/), name: z.string().optional() }),
});

/**
 * Exchanges the install redirect's `code` for the guild the bot was added to. The redirect's own
 * `guild_id` is a query parameter anyone can write; this answer comes from Discord, for a code
 * only Discord issued to this application (the client secret proves which). The access token it
 * also carries is not kept: Tether acts as the bot.
 */
export async function exchangeDiscordInstallCode(
  app: Pick<DiscordAppSettings, "applicationId" | "apiBaseUrl">,
  install: { clientSecret: string; redirectUri: DiscordInstallSettings["redirectUri"] },
  code: string,
): Promise<{ guildId: string }> {
  let response: Response;
  try {
    response = await fetch(`${app.apiBaseUrl}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${app.applicationId}:${install.clientSecret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: install.redirectUri }).toString(),
      redirect: "error",
      signal: AbortSignal.timeout(DISCORD_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DiscordCodeExchangeError(`Discord could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    // Discord's OAuth errors are {error, error_description}; invalid_grant = a used, old or foreign code.
    let reason = `${response.status}`;
    try {
      const parsed = JSON.parse(text) as { error?: unknown; error_description?: unknown };
      if (typeof parsed.error === "string") reason = `${response.status} ${parsed.error}${typeof parsed.error_description === "string" ? `: ${parsed.error_description.slice(0, 200)}` : ""}`;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new DiscordCodeExchangeError(`Discord refused the install code (${reason})`);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new DiscordCodeExchangeError("Discord's token answer was not JSON");
  }
  const parsed = tokenAnswerSchema.safeParse(answer);
  if (!parsed.success) throw new DiscordCodeExchangeError("Discord's token answer names no guild (was the bot scope granted?)");
  return { guildId: parsed.data.guild.id };
}
