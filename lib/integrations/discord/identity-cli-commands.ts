import type { CliCommand, OptionSpec } from "@/lib/cli/command";
import { adminLinkDiscordIdentity, adminUnlinkDiscordIdentity } from "./identity-admin";

// `tether discord link-identity` / `unlink-identity`: what /link and /unlink do, for an admin who
// links a user without the round trip through Discord (and for setting up tests and demos).

const GUILD: OptionSpec = { type: "string", required: true, value: "<id>", description: "the Discord server (guild) id, added to Tether" };
const DISCORD_USER: OptionSpec = { type: "string", required: true, value: "<id>", description: "the Discord user id" };

export const discordIdentityCommands: CliCommand[] = [
  {
    name: "discord link-identity",
    summary: "Link a Discord user in a server to a Tether user (who must be a member of an organization the server is added to); a Discord user linked to someone else moves.",
    options: {
      guild: GUILD,
      "discord-user": DISCORD_USER,
      user: { type: "string", required: true, value: "<email-or-id>", description: "the Tether user, by an email they have or by id" },
    },
    async run({ db }, args) {
      const linked = await adminLinkDiscordIdentity(db, { guildId: args.need("guild"), discordUserId: args.need("discord-user"), user: args.need("user") });
      const what =
        linked.outcome === "already_linked"
          ? `Discord user ${linked.discordUserId} in ${linked.guild.name} was already linked to ${linked.email}`
          : `Linked Discord user ${linked.discordUserId} in ${linked.guild.name} to ${linked.email}${linked.movedFrom ? ` (was linked to ${linked.movedFrom})` : ""}`;
      return { json: linked, text: what };
    },
  },
  {
    name: "discord unlink-identity",
    summary: "Unlink a Discord user in a server from the Tether user it is linked to.",
    options: { guild: GUILD, "discord-user": DISCORD_USER },
    async run({ db }, args) {
      const unlinked = await adminUnlinkDiscordIdentity(db, { guildId: args.need("guild"), discordUserId: args.need("discord-user") });
      const what =
        unlinked.outcome === "not_linked"
          ? `Discord user ${unlinked.discordUserId} in ${unlinked.guild.name} was not linked`
          : `Unlinked Discord user ${unlinked.discordUserId} in ${unlinked.guild.name} from ${unlinked.unlinkedFrom ?? "its Tether user"}`;
      return { json: unlinked, text: what };
    },
  },
];
