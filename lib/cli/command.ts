import type { Database, Db } from "@/lib/db/client";
import { findOrganization } from "@/lib/domain/organizations/lookups";

/** The command line itself is wrong (unknown command or option, missing value): exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export interface OptionSpec {
  type: "string" | "boolean";
  description: string;
  required?: boolean;
  /** Placeholder shown in the usage line, e.g. `<slug>`. */
  value?: string;
  /** The only values accepted; anything else is a usage error. */
  choices?: readonly string[];
}

export interface CommandContext {
  db: Db;
  database: Database;
  /** Migrations the run applied before the command (the CLI always brings the schema up to date first). */
  appliedMigrations: string[];
}

/** What a command produced: `json` is printed with --json, `text` otherwise. */
export interface CommandResult {
  json: unknown;
  text: string;
}

export interface CommandArgs {
  /** A string option's value, or undefined when not given. */
  get(name: string): string | undefined;
  /** A string option the spec marks required (checked before the command runs). */
  need(name: string): string;
  flag(name: string): boolean;
}

export interface CliCommand {
  /** Words that select the command, e.g. "org create". */
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  run(context: CommandContext, args: CommandArgs): Promise<CommandResult>;
}

export function usageLine(command: CliCommand): string {
  const parts = Object.entries(command.options).map(([name, spec]) => {
    const placeholder = spec.value ?? (spec.choices ? spec.choices.join("|") : `<${name}>`);
    const option = spec.type === "boolean" ? `--${name}` : `--${name} ${placeholder}`;
    return spec.required ? option : `[${option}]`;
  });
  return ["tether", command.name, ...parts, "[--json]"].join(" ");
}

export function commandHelp(command: CliCommand): string {
  const lines = [`Usage: ${usageLine(command)}`, "", command.summary];
  const entries = Object.entries(command.options);
  if (entries.length) {
    lines.push("", "Options:");
    const width = Math.max(...entries.map(([name]) => name.length)) + 2;
    for (const [name, spec] of entries) lines.push(`  --${name.padEnd(width)}${spec.description}${spec.required ? " (required)" : ""}`);
  }
  lines.push(`  --${"json".padEnd(Math.max(6, ...entries.map(([name]) => name.length + 2)))}print the result as JSON`);
  return lines.join("\n");
}

/** "a, b,,c" → ["a", "b", "c"]. */
export function listOption(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The `--org <slug>` option of the commands that act in one organization. */
export const ORG_OPTION: OptionSpec = { type: "string", required: true, value: "<slug>", description: "organization slug" };

/** The organization `--org` names (a clear error when there is none). */
export function organizationFrom(db: Db, args: CommandArgs) {
  return findOrganization(db, { slug: args.need("org") });
}
