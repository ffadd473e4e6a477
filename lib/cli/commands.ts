import type { CliCommand } from "./command";
import { databaseCommands } from "./database-commands";
import { jiraCommands } from "@/lib/integrations/jira/cli-commands";
import { discordCommands } from "@/lib/integrations/discord/cli-commands";
import { discordIdentityCommands } from "@/lib/integrations/discord/identity-cli-commands";
import { orgCommands } from "./org-commands";
import { projectCommands } from "./project-commands";
import { projectKeyCommands } from "./project-key-commands";
import { teamCommands } from "./team-commands";
import { tokenCommands } from "./token-commands";
import { userCommands } from "./user-commands";
import { alertRuleCommands } from "./alert-rule-commands";

/** Every command, in the order `tether help` lists them; a new group of commands is one more entry here. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  ...databaseCommands,
  ...orgCommands,
  ...userCommands,
  ...teamCommands,
  ...projectCommands,
  ...projectKeyCommands,
  ...tokenCommands,
  ...jiraCommands,
  ...discordCommands,
  ...discordIdentityCommands,
  ...alertRuleCommands,
];
