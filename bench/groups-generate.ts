// `npx tsx bench/groups-generate.ts [--groups N] [--events N] [--fresh]`: (re)generates the groups
// bench database (tether_bench_groups) without running the bench.
import { openGroupsBenchDatabase } from "./groups";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const { database, world, generatedSeconds } = await openGroupsBenchDatabase({
  fresh: process.argv.includes("--fresh"),
  groups: Number(arg("groups") ?? 100_000),
  events: Number(arg("events") ?? 1_000_000),
});
const [counts] = await database.prisma.$queryRaw<{ groups: number; events: number }[]>`
  SELECT (SELECT count(*)::int FROM "Group") AS groups, (SELECT count(*)::int FROM "Event") AS events`;
console.log(`${world.orgSlug}: ${counts.groups} groups, ${counts.events} events${generatedSeconds === null ? " (already there)" : ` generated in ${generatedSeconds.toFixed(1)} s`}`);
await database.close();
process.exit(0);
