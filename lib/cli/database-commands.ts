import { describeDatabase } from "@/lib/db/config";
import { DEMO_ORGANIZATION_SLUG, seedDemoData } from "@/lib/demo/seed-demo";
import type { CliCommand } from "./command";

export const databaseCommands: CliCommand[] = [
  {
    name: "migrate",
    summary: "Apply pending database migrations (every command does this first; this one only reports).",
    options: {},
    async run({ database, appliedMigrations }) {
      const where = describeDatabase(database.config);
      return {
        json: { applied: appliedMigrations, database: where },
        text: appliedMigrations.length
          ? `Applied ${appliedMigrations.length} migration(s) to ${where}:\n${appliedMigrations.map((name) => `  ${name}`).join("\n")}`
          : `${where}: schema is up to date`,
      };
    },
  },
  {
    name: "demo",
    summary: `Load the demo organization '${DEMO_ORGANIZATION_SLUG}' with users, teams, projects and sample groups.`,
    options: {
      reset: { type: "boolean", description: "delete the demo organization and its users first, then load it again" },
    },
    async run({ db }, args) {
      const started = performance.now();
      const result = await seedDemoData(db, { reset: args.flag("reset") });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      return {
        json: { ...result, seconds: Number(seconds) },
        text: [
          `Loaded the demo organization '${result.organizationSlug}' with ${result.groups} groups in ${seconds} s.`,
          `Sign in as ${result.login.email} / ${result.login.password}`,
        ].join("\n"),
      };
    },
  },
];
