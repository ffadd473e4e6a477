// How many SQL statements one Resolve click costs through the real route handler, counted at the
// driver adapter (BEGIN/COMMIT and savepoints included), so the number cannot silently grow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner } from "@/e2e/fakes/fake-discord";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { componentBody, discordTestEnvironment, installDiscordGuild, linkDiscordUser, withEnvironment } from "@/lib/testing/discord-fixtures";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { countQueries, type QueryCounter } from "@/lib/testing/query-counter";
import { POST } from "./route";

/**
 * 12 on PGlite and PostgreSQL alike: the guild's integration and linked user (one read, before the
 * transaction), BEGIN, the group with the membership check, the group's lock, the locked group's
 * state, SAVEPOINT, the status update, the resolution cleared, the action's batched writes
 * (activity, history, outbox), RELEASE, the interaction's batch (claim, sync-history row), COMMIT.
 */
const STATEMENTS_PER_RESOLVE_CLICK = 12;

const signer = new DiscordInteractionSigner();
const environment = withEnvironment(() => discordTestEnvironment(signer));
beforeAll(() => environment.apply());
afterAll(() => environment.restore());

describe.each(await testDatabaseKinds())("statements per resolve click on %s", (kind) => {
  let database: Database;
  let counter: QueryCounter;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    counter = countQueries(database);
    setDatabase(counter.database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await counter.database.close();
    await database.close();
  });

  it(`a Resolve or Unresolve click costs at most ${STATEMENTS_PER_RESOLVE_CLICK} statements`, async () => {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 1 });
    const guild = await installDiscordGuild(db, world.organization.id);
    const discordUserId = await linkDiscordUser(db, guild.idp.id, world.users[0]!.id);
    const group = await createGroup(db, world.project.id);
    const click = async (action: "resolve" | "unresolve") => {
      const body = componentBody({ customId: `${action}:${group.id}`, guildId: guild.guildId, discordUserId });
      counter.reset();
      const response = await POST(new Request("https://tether.test/api/discord/interactions", { method: "POST", headers: signer.headers(body), body }), { params: Promise.resolve({}) });
      expect(response.status).toBe(200);
      return [...counter.statements];
    };
    await click("resolve");
    const warm = [await click("unresolve"), await click("resolve"), await click("unresolve")];
    expect((await db.group.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("unresolved");
    console.info(`[${kind}] statements per resolve click: ${warm.map((s) => s.length).join("/")}\n  ${warm[1]!.map((sql) => sql.replace(/\s+/g, " ").trim().slice(0, 90)).join("\n  ")}`);
    for (const statements of warm) expect(statements.length).toBeLessThanOrEqual(STATEMENTS_PER_RESOLVE_CLICK);
  });
});
