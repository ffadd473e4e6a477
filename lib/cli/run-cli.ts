import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/lib/db/client";
import { resolveDatabaseConfig } from "@/lib/db/config";
import { applyPendingMigrations } from "@/lib/db/migrate";
import { ApiError, errorBody } from "@/lib/http/errors";
import { CLI_COMMANDS } from "./commands";
import { UsageError, commandHelp, usageLine, type CliCommand, type CommandArgs, type CommandContext, type CommandResult } from "./command";
import { helpFor, overallHelp } from "./help";

export interface CliOutput {
  write(chunk: string): unknown;
}

export interface RunCliOptions {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Run against this (already migrated) database; without it the CLI opens DATABASE_URL and closes it again. */
  database?: Database;
  commands?: readonly CliCommand[];
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function findCommand(commands: readonly CliCommand[], argv: readonly string[]): { command: CliCommand; rest: string[] } {
  for (const command of commands) {
    const words = command.name.split(" ");
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  const words = argv.slice(0, 2).filter((word) => !word.startsWith("-"));
  if (words.length === 0) throw new UsageError("No command given; run `tether help` for the list of commands");
  const group = commands.some((c) => c.name.startsWith(`${words[0]} `)) ? helpFor(commands, words.slice(0, 1)) : null;
  if (group && words.length === 1) throw new UsageError(`'${words[0]}' needs a command.\n${group}`);
  throw new UsageError(`Unknown command '${words.join(" ")}'\n${group ?? "Run `tether help` for the list of commands."}`);
}

function parseCommandArgs(command: CliCommand, rest: string[]): { args: CommandArgs; help: boolean } {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { ...options, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usageLine(command));
  }
  if (values.help === true) return { args: argsFrom(values), help: true };
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (spec.required && (value === undefined || value === "")) throw new UsageError(`Missing --${name}`, usageLine(command));
    if (spec.choices && typeof value === "string" && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(", ")}; got '${value}'`, usageLine(command));
    }
  }
  return { args: argsFrom(values), help: false };
}

function argsFrom(values: Record<string, string | boolean | undefined>): CommandArgs {
  const get = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  return {
    get,
    need(name) {
      const value = get(name);
      if (value === undefined) throw new UsageError(`Missing --${name}`);
      return value;
    },
    flag: (name) => values[name] === true,
  };
}

async function withDatabase(given: Database | undefined, migrateGiven: boolean, run: (context: CommandContext) => Promise<CommandResult>) {
  if (given) {
    const appliedMigrations = migrateGiven ? await applyPendingMigrations(given) : [];
    return run({ db: given.prisma, database: given, appliedMigrations });
  }
  // Refuses (DatabaseInUseError) while a server or another command has the embedded database open.
  const database = await openDatabase(resolveDatabaseConfig());
  try {
    const appliedMigrations = await applyPendingMigrations(database);
    return await run({ db: database.prisma, database, appliedMigrations });
  } finally {
    await database.close();
  }
}

function reportError(error: unknown, json: boolean, stderr: CliOutput): number {
  if (error instanceof UsageError) {
    if (json) stderr.write(`${JSON.stringify({ error: { code: "usage", message: error.message, usage: error.usage } })}\n`);
    else stderr.write(`error: ${error.message}\n${error.usage ? `Usage: ${error.usage}\n` : ""}`);
    return EXIT_USAGE;
  }
  if (error instanceof ApiError) {
    if (json) {
      stderr.write(`${JSON.stringify(errorBody(error))}\n`);
    } else {
      const fields = (error.details as { fields?: Record<string, string[]> } | undefined)?.fields ?? {};
      const lines = Object.entries(fields).flatMap(([field, messages]) => messages.map((message) => `  ${field}: ${message}`));
      stderr.write(`error: ${error.message}\n${lines.map((line) => `${line}\n`).join("")}`);
    }
    return EXIT_FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(json ? `${JSON.stringify({ error: { code: "failed", message } })}\n` : `error: ${message}\n`);
  return EXIT_FAILED;
}

/** Runs one command line; never throws, answers with the process exit code. */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const commands = options.commands ?? CLI_COMMANDS;
  const json = argv.includes("--json");
  const { stdout, stderr } = options;
  try {
    if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
      const words = argv.slice(1).filter((word) => !word.startsWith("-"));
      const text = words.length ? helpFor(commands, words) : overallHelp(commands);
      if (text === null) throw new UsageError(`Unknown command '${words.join(" ")}'; run \`tether help\``);
      if (json && words.length === 0) {
        stdout.write(`${JSON.stringify({ commands: commands.map((c) => ({ name: c.name, usage: usageLine(c), summary: c.summary })) }, null, 2)}\n`);
      } else {
        stdout.write(`${text}\n`);
      }
      return EXIT_OK;
    }
    const { command, rest } = findCommand(commands, argv);
    const { args, help } = parseCommandArgs(command, rest);
    if (help) {
      stdout.write(`${commandHelp(command)}\n`);
      return EXIT_OK;
    }
    const result = await withDatabase(options.database, command.name === "migrate", (context) => command.run(context, args));
    stdout.write(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportError(error, json, stderr);
  }
}
