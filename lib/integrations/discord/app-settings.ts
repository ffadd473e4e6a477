import { z } from "zod";

// The Discord application Tether speaks as, from the environment (behaviour.md §9–§10).

export const DEFAULT_DISCORD_API_BASE_URL = "https://discord.com/api/v10";

/** How far an interaction's signed timestamp may be from now ([R] replay window, §9.1 step 3). */
export const INTERACTION_REPLAY_WINDOW_SECONDS = 5 * 60;

const snowflake = z.string().regex(/^\d{1,20}$/, "a Discord id (digits)");

const discordEnvironmentSchema = z.object({
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, "the application's public key: 64 hex digits")
    .transform((hex) => hex.toLowerCase()),
  DISCORD_BOT_TOKEN: z.string().trim().min(1),
  DISCORD_API_BASE_URL: z.url().default(DEFAULT_DISCORD_API_BASE_URL),
});

export interface DiscordAppSettings {
  applicationId: string;
  /** Ed25519 public key, lower-case hex. */
  publicKey: string;
  botToken: string;
  apiBaseUrl: string;
}

export type DiscordAppSettingsResult = { configured: true; settings: DiscordAppSettings } | { configured: false; problems: string[] };

/**
 * The Discord application from the environment, or why it is not configured: each missing or
 * malformed variable named, so an admin sees what to set (never the values).
 */
export function discordAppSettings(env: Record<string, string | undefined> = process.env): DiscordAppSettingsResult {
  const parsed = discordEnvironmentSchema.safeParse({
    DISCORD_APPLICATION_ID: env.DISCORD_APPLICATION_ID,
    DISCORD_PUBLIC_KEY: env.DISCORD_PUBLIC_KEY,
    DISCORD_BOT_TOKEN: env.DISCORD_BOT_TOKEN,
    DISCORD_API_BASE_URL: env.DISCORD_API_BASE_URL || undefined,
  });
  if (!parsed.success) {
    return { configured: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
  }
  const { DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY, DISCORD_BOT_TOKEN, DISCORD_API_BASE_URL } = parsed.data;
  return {
    configured: true,
    settings: { applicationId: DISCORD_APPLICATION_ID, publicKey: DISCORD_PUBLIC_KEY, botToken: DISCORD_BOT_TOKEN, apiBaseUrl: DISCORD_API_BASE_URL.replace(/\/+$/, "") },
  };
}

// ── Install (Settings › Integrations "Add to Discord"): optional, interactions work without it ──

/**
 * The bot's permissions the install link asks for, and no more: View Channel (1 << 10), Send
 * Messages (1 << 11) and Embed Links (1 << 14) are all an alert message needs.
 */
export const DISCORD_BOT_PERMISSIONS = String((1 << 10) | (1 << 11) | (1 << 14));

export interface DiscordInstallSettings {
  /**
   * DISCORD_CLIENT_SECRET (the application's OAuth2 client secret): without it the redirect back
   * from Discord cannot be verified (its `guild_id` alone is not proof), so the page's install
   * flow is off and admins add guilds with the CLI.
   */
  clientSecret: string | null;
  /** Where Discord sends the admin back: `<TETHER_BASE_URL>/api/discord/install/callback`. */
  redirectUri: string;
}

/** Tether's public base URL (TETHER_BASE_URL, else NEXTAUTH_URL, else localhost), as the Jira app names it too. */
export function tetherPublicBaseUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.TETHER_BASE_URL || env.NEXTAUTH_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
}

export function discordInstallSettings(env: Record<string, string | undefined> = process.env): DiscordInstallSettings {
  return {
    clientSecret: env.DISCORD_CLIENT_SECRET?.trim() || null,
    redirectUri: `${tetherPublicBaseUrl(env)}/api/discord/install/callback`,
  };
}
