import { ApplicationCommandType, type RESTPutAPIApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { DiscordAppSettings } from "./app-settings";
import { callDiscord } from "./discord-api";
import { discordAppError } from "./discord-app-error";

/** The slash commands Tether answers (behaviour.md §9.3), as Discord lists them to members. */
export const TETHER_DISCORD_COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  { name: "help", description: "Show what Tether's bot can do here", type: ApplicationCommandType.ChatInput },
  { name: "link", description: "Link your Discord account to your Tether account", type: ApplicationCommandType.ChatInput },
  { name: "unlink", description: "Unlink your Discord account from your Tether account", type: ApplicationCommandType.ChatInput },
];

export interface RegisteredDiscordCommand {
  id: string;
  name: string;
  description: string;
}

/**
 * Registers Tether's commands with Discord by bulk overwrite (PUT): the application ends up with
 * exactly these three, so a renamed or dropped command disappears too. Globally by default
 * (Discord may take up to an hour to show them everywhere), or in one guild (at once; for trying
 * out). Answers what Discord says it registered.
 */
export async function registerDiscordCommands(
  settings: Pick<DiscordAppSettings, "apiBaseUrl" | "botToken" | "applicationId">,
  input: { guildId?: string } = {},
): Promise<{ scope: "global" | { guildId: string }; commands: RegisteredDiscordCommand[] }> {
  const path = input.guildId ? `/applications/${settings.applicationId}/guilds/${input.guildId}/commands` : `/applications/${settings.applicationId}/commands`;
  let answer: unknown;
  try {
    answer = await callDiscord(settings, { method: "PUT", path, body: TETHER_DISCORD_COMMANDS });
  } catch (error) {
    throw discordAppError(error, {
      code: "commands_refused",
      message: input.guildId
        ? `Discord refused the commands for guild ${input.guildId}: the bot must be in it with the applications.commands scope (add it with the install link first)`
        : `Discord refused the commands for application ${settings.applicationId}: check DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN belong to the same application`,
    });
  }
  const commands = (Array.isArray(answer) ? answer : []).flatMap((entry: unknown) => {
    const command = entry as { id?: unknown; name?: unknown; description?: unknown };
    return typeof command.id === "string" && typeof command.name === "string"
      ? [{ id: command.id, name: command.name, description: typeof command.description === "string" ? command.description : "" }]
      : [];
  });
  return { scope: input.guildId ? { guildId: input.guildId } : "global", commands };
}
