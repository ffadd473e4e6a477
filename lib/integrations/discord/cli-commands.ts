import { AppError, parseWith } from "@/lib/errors";
import { findOrganization } from "@/lib/domain/organizations/lookups";
import { type CliCommand, ORG_OPTION } from "@/lib/cli/command";
import { discordAppSettings, type DiscordAppSettings } from "./app-settings";
import { addDiscordGuild, discordGuildIdSchema } from "./add-guild";
import { registerDiscordCommands } from "./register-commands";
import { removeDiscordGuild } from "./remove-guild";

const GUILD_OPTION = { type: "string", required: true, value: "<guild id>", description: "the Discord server's id (Server Settings › Widget, or Copy Server ID in developer mode)" } as const;

/** The Discord application from the environment, or an error naming the variables to set. */
function configuredDiscord(): DiscordAppSettings {
  const app = discordAppSettings();
  if (!app.configured) {
    throw new AppError(400, "discord_not_configured", `Discord is not configured: set ${app.problems.map((problem) => problem.split(":")[0]).join(", ")} in the environment`);
  }
  return app.settings;
}

export const discordCommands: CliCommand[] = [
  {
    name: "discord add",
    summary: "Connect a Discord server the bot is already in to an organization (like Add to Discord on Settings › Integrations).",
    options: { guild: GUILD_OPTION, org: ORG_OPTION },
    async run({ db }, args) {
      const settings = configuredDiscord();
      const added = await addDiscordGuild(db, { organizationSlug: args.need("org"), guildId: args.need("guild"), settings, via: "cli" });
      return {
        json: { integrationId: added.integration.id, guildId: added.guild.id, name: added.guild.name, organization: added.organization.slug, created: added.created },
        text: `${added.created ? "Connected" : "Already connected:"} Discord server ${added.guild.name} (${added.guild.id}) to ${added.organization.slug} (integration ${added.integration.id}); members can now use /link there`,
      };
    },
  },
  {
    name: "discord remove",
    summary: "Disconnect a Discord server from an organization, or from every organization when --org is left out.",
    options: { guild: GUILD_OPTION, org: { type: "string", value: "<slug>", description: "only from this organization" } },
    async run({ db }, args) {
      const slug = args.get("org");
      const organization = slug ? await findOrganization(db, { slug }) : null;
      const removed = await removeDiscordGuild(db, { guildId: args.need("guild"), organizationId: organization?.id, via: "cli" });
      const from = organization ? organization.slug : `${removed.removedFrom.length} organization${removed.removedFrom.length === 1 ? "" : "s"}`;
      const after = removed.integrationDisabled
        ? `the integration is disabled and ${removed.unlinkedIdentities} linked Discord account${removed.unlinkedIdentities === 1 ? " was" : "s were"} unlinked`
        : "it stays connected to its other organizations";
      return {
        json: removed,
        text: `Removed Discord server ${removed.name} (${removed.guildId}) from ${from}; ${after}. The bot stays in the server until a server admin removes it.`,
      };
    },
  },
  {
    name: "discord register-commands",
    summary: "Register Tether's slash commands (/help, /link, /unlink) with Discord, replacing the application's commands.",
    options: { guild: { type: "string", value: "<guild id>", description: "register in this server only (shown at once; global commands can take up to an hour)" } },
    async run(_context, args) {
      const settings = configuredDiscord();
      const guild = args.get("guild");
      const guildId = guild === undefined ? undefined : parseWith(discordGuildIdSchema, guild, "Invalid --guild");
      const registered = await registerDiscordCommands(settings, { guildId });
      const where = registered.scope === "global" ? `globally for application ${settings.applicationId}` : `in guild ${registered.scope.guildId}`;
      return {
        json: registered,
        text: [`Discord registered ${registered.commands.length} command${registered.commands.length === 1 ? "" : "s"} ${where}:`, ...registered.commands.map((c) => `  /${c.name}  ${c.description}  (id ${c.id})`)].join("\n"),
      };
    },
  },
];
