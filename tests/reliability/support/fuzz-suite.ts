// One fuzz test file's worth of routes: its share of every handler found on disk. Shards exist
// only so the two test workers share the work; together they take every handler exactly once.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFuzzWorld, type FuzzWorld } from "./fuzz-world";
import { formatSummary, fuzzRoute, fuzzRuns, type RouteStats } from "./fuzz-route";
import { routeHandlers, type RouteHandler } from "./routes";

export const FUZZ_SHARDS = 2;

// Handlers that remove or replace what other cases aim at (the linked issue, the Jira site) run last.
function destructive(route: RouteHandler): number {
  if (route.key === "jira/installed" || route.key === "jira/uninstalled") return 2;
  return route.method === "DELETE" ? 1 : 0;
}

/** Shard `shard` of FUZZ_SHARDS: every other handler of the sorted list, so each file gets its share. */
export async function defineFuzzSuite(shard: number, portOffset: number): Promise<void> {
  const handlers = (await routeHandlers()).filter((_, index) => index % FUZZ_SHARDS === shard - 1).sort((a, b) => destructive(a) - destructive(b));
  const runs = fuzzRuns();

  describe(`fuzzing route handlers (shard ${shard} of ${FUZZ_SHARDS}) with ${runs} cases each`, () => {
    let world: FuzzWorld;
    const results: RouteStats[] = [];

    beforeAll(async () => {
      world = await buildFuzzWorld(portOffset);
    });
    afterAll(async () => {
      const summary = formatSummary(results);
      console.log(summary);
      mkdirSync("test-results", { recursive: true });
      writeFileSync(path.join("test-results", `fuzz-${shard}.json`), JSON.stringify({ runs, results }, null, 2));
      await world?.close();
    });

    it("finds route handlers on disk", () => {
      expect(handlers.length).toBeGreaterThan(0);
    });

    // The "nothing written" property is only as good as its detector: it must see a committed
    // write and must not count one rolled back.
    it("the write counter sees a committed write and ignores a rolled-back one", async () => {
      const db = world.database.prisma;
      const before = await world.writes();
      await db.$transaction(async (tx) => {
        await tx.organization.update({ where: { slug: world.orgSlug }, data: { name: "rolled back" } });
        throw new Error("roll back");
      }).catch(() => undefined);
      expect(await world.writes()).toBe(before);
      const organization = await db.organization.findUniqueOrThrow({ where: { slug: world.orgSlug } });
      await db.organization.update({ where: { id: organization.id }, data: { name: `${organization.name} ` } });
      expect(await world.writes()).toBe(before + 1);
      await db.organization.update({ where: { id: organization.id }, data: { name: organization.name } });
    });

    it.each(handlers.map((route) => ({ name: `${route.method} ${route.key}`, route })))("$name", async ({ route }) => {
      const stats = await fuzzRoute(world, route, runs);
      results.push(stats);
      expect(stats.failure, stats.failure).toBeUndefined();
      expect(stats.cases).toBe(runs);
    });
  });
}
