import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { requireOrganizationAccess } from "@/lib/auth/access";
import { AppError, forbidden, parseWith } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { DiscordAppSettingsResult, DiscordInstallSettings } from "./app-settings";
import { addDiscordGuild } from "./add-guild";
import { readDiscordInstallState } from "./install-link";
import { DiscordCodeExchangeError, exchangeDiscordInstallCode } from "./oauth-token";
import type { DiscordInstallNotice } from "./install-notices";

const snowflake = z.string().regex(/^\d{1,20}$/);
const callbackQuerySchema = z.object({
  state: z.string({ error: "The redirect carries no state; start again with Add to Discord in Settings › Integrations" }).min(1).max(2000),
  code: z.string().min(1).max(500).optional(),
  guild_id: snowflake.optional(),
  permissions: z.string().max(40).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export interface DiscordInstallOutcome {
  organizationSlug: string;
  notice: DiscordInstallNotice;
  integrationId?: string;
}

/**
 * Finishes "Add to Discord" when Discord redirects the admin back. Who may finish it is settled
 * first and answered with a 4xx (nothing written): a valid, unexpired state, signed in as the
 * admin who started it, still an admin of its organization. After that, every outcome is a notice
 * for that organization's settings page; the guild comes from Discord's token answer, never from
 * the redirect's `guild_id` alone.
 */
export async function completeDiscordInstall(
  db: Db,
  input: { sessionUserId: string; query: Record<string, string>; app: DiscordAppSettingsResult; install: DiscordInstallSettings },
): Promise<DiscordInstallOutcome> {
  const query = parseWith(callbackQuerySchema, input.query, "The redirect from Discord is malformed; start again with Add to Discord");
  const state = await readDiscordInstallState(query.state);
  if (state.userId !== input.sessionUserId) throw forbidden("This Discord install was started by another user; start it yourself with Add to Discord");
  const access = await requireOrganizationAccess(db, { kind: "user", userId: input.sessionUserId }, { id: state.organizationId }, "org:admin");
  const done = (notice: DiscordInstallNotice, integrationId?: string): DiscordInstallOutcome => ({ organizationSlug: access.organization.slug, notice, integrationId });

  if (query.error) return done("cancelled");
  if (!input.app.configured) return done("not_configured");
  if (!input.install.clientSecret) return done("oauth_disabled");
  if (!query.code) return done("exchange_failed");

  let guildId: string;
  try {
    ({ guildId } = await exchangeDiscordInstallCode(input.app.settings, { clientSecret: input.install.clientSecret, redirectUri: input.install.redirectUri }, query.code));
  } catch (error) {
    if (!(error instanceof DiscordCodeExchangeError)) throw error;
    logger.warn({ organizationId: access.organization.id, reason: error.message }, "Discord install code exchange failed");
    return done("exchange_failed");
  }
  if (query.guild_id !== undefined && query.guild_id !== guildId) return done("guild_mismatch");

  try {
    const added = await addDiscordGuild(db, { organizationId: access.organization.id, guildId, settings: input.app.settings, userId: input.sessionUserId, via: "install link" });
    return done(added.created ? "added" : "readded", added.integration.id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 409) return done("already_connected");
    if (error.code === "unknown_guild") return done("not_in_guild");
    if (error.status >= 500) return done("discord_unavailable");
    throw error;
  }
}
