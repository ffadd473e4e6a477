import { commandHelp, usageLine, type CliCommand } from "./command";

export function overallHelp(commands: readonly CliCommand[]): string {
  return [
    "Tether admin command line",
    "",
    "Usage: npm run tether -- <command> [options]      (or: npx tsx scripts/tether.ts <command> [options])",
    "",
    "Commands:",
    "  tether help [<command>]",
    "      List the commands, or show one command's options.",
    ...commands.flatMap((command) => [`  ${usageLine(command)}`, `      ${command.summary}`]),
    "",
    "Every command applies pending migrations first. --json prints the result (ids, …) as JSON.",
    "Database: DATABASE_URL = postgres://… | pglite:<dir> (default: ./.data/pglite).",
    "Exit codes: 0 done, 1 the command failed (invalid value, not found, conflict), 2 the command line is wrong.",
  ].join("\n");
}

/** Help for `help <words>`: one command, the commands of a group, or null when nothing matches. */
export function helpFor(commands: readonly CliCommand[], words: readonly string[]): string | null {
  const name = words.join(" ");
  const command = commands.find((c) => c.name === name);
  if (command) return commandHelp(command);
  const group = commands.filter((c) => c.name.startsWith(`${name} `));
  if (group.length === 0) return null;
  return [`Commands of '${name}':`, ...group.flatMap((c) => [`  ${usageLine(c)}`, `      ${c.summary}`])].join("\n");
}
