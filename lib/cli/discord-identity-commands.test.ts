import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { installDiscordGuild } from "@/lib/testing/discord-fixtures";
import { createTestDatabase } from "@/lib/testing/db";
import { createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { runCli } from "./run-cli";

async function cli(database: Database, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, database });
  return { code, stdout, stderr };
}

const GUILD = "6400000000000000001";

describe("tether discord link-identity and unlink-identity", () => {
  let database: Database;
  let email = "";
  let otherEmail = "";
  let outsiderEmail = "";

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    const db = database.prisma;
    const { organization, users } = await createOrganizationWithProject(db);
    [email, otherEmail] = users.map((user) => user.email);
    const { integration } = await installDiscordGuild(db, organization.id, GUILD);
    await db.integration.update({ where: { id: integration.id }, data: { name: "Acme Discord" } });
    outsiderEmail = (await createMember(db, (await createOrganizationWithProject(db, { members: 0 })).organization.id)).email;
  });
  afterAll(() => database.close());

  it("links a Discord user to a member by email, idempotently, and records it", async () => {
    const linked = await cli(database, "discord", "link-identity", "--guild", GUILD, "--discord-user", "7400000000000000001", "--user", email.toUpperCase());
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stdout).toContain(`Linked Discord user 7400000000000000001 in Acme Discord to ${email}`);
    const again = await cli(database, "discord", "link-identity", "--guild", GUILD, "--discord-user", "7400000000000000001", "--user", email, "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: "already_linked", email });
    const identity = await database.prisma.identity.findFirstOrThrow({ where: { externalId: "7400000000000000001" }, include: { user: true } });
    expect(identity.user.email).toBe(email);
    expect(await database.prisma.syncEvent.count({ where: { provider: "discord", kind: "link", direction: "inbound", externalKey: "7400000000000000001" } })).toBe(1);
  });

  it("moves a Discord user linked to someone else, and unlinks it", async () => {
    const moved = await cli(database, "discord", "link-identity", "--guild", GUILD, "--discord-user", "7400000000000000001", "--user", otherEmail);
    expect(moved.stdout).toContain(`(was linked to ${email})`);
    const unlinked = await cli(database, "discord", "unlink-identity", "--guild", GUILD, "--discord-user", "7400000000000000001", "--json");
    expect(JSON.parse(unlinked.stdout)).toMatchObject({ outcome: "unlinked", unlinkedFrom: otherEmail });
    expect(await database.prisma.identity.count({ where: { externalId: "7400000000000000001" } })).toBe(0);
    expect((await cli(database, "discord", "unlink-identity", "--guild", GUILD, "--discord-user", "7400000000000000001")).stdout).toContain("was not linked");
  });

  it("fails clearly for an unknown guild or user, a user outside the guild's organizations, bad ids and missing options", async () => {
    const unknownGuild = await cli(database, "discord", "link-identity", "--guild", "6400000000000000999", "--discord-user", "74001", "--user", email);
    expect(unknownGuild.code).toBe(1);
    expect(unknownGuild.stderr).toMatch(/No Discord server 6400000000000000999/);
    expect((await cli(database, "discord", "link-identity", "--guild", GUILD, "--discord-user", "74001", "--user", "nobody@example.com")).code).toBe(1);
    const outsider = await cli(database, "discord", "link-identity", "--guild", GUILD, "--discord-user", "74001", "--user", outsiderEmail);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/not a member of any organization/);
    expect((await cli(database, "discord", "link-identity", "--guild", GUILD, "--discord-user", "not-an-id", "--user", email)).code).toBe(1);
    expect((await cli(database, "discord", "link-identity", "--guild", GUILD, "--user", email)).code).toBe(2);
    expect(await database.prisma.identity.count({ where: { externalId: "74001" } })).toBe(0);
  });
});
