// Shown on Settings › Integrations after Discord's install redirect (client and server import this).

/** What the settings page says after the install redirect (fixed texts by code: nothing from the URL is shown). */
export const DISCORD_INSTALL_NOTICES = {
  added: "Discord server connected. Members can now use /link in it.",
  readded: "This Discord server was already connected; its name is refreshed.",
  cancelled: "The Discord install was cancelled; nothing changed.",
  oauth_disabled: "Adding a server from this page needs DISCORD_CLIENT_SECRET; use `npm run tether -- discord add --guild ID --org SLUG` instead.",
  not_configured: "The Discord application is not configured on this Tether server.",
  exchange_failed: "Discord did not confirm the install (the code was refused or has already been used); try Add to Discord again.",
  guild_mismatch: "The server Discord confirmed is not the one in the redirect; nothing was connected. Try Add to Discord again.",
  already_connected: "This Discord server is already connected to another Tether organization; remove it there first.",
  not_in_guild: "The bot is not in that Discord server; add it with Add to Discord first.",
  discord_unavailable: "Discord could not be reached; try again in a moment.",
} as const;
export type DiscordInstallNotice = keyof typeof DISCORD_INSTALL_NOTICES;
export const DISCORD_INSTALL_ERRORS: ReadonlySet<DiscordInstallNotice> = new Set(["oauth_disabled", "not_configured", "exchange_failed", "guild_mismatch", "already_connected", "not_in_guild", "discord_unavailable"]);
