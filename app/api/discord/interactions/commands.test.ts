// §9.3: slash commands over the real interactions route, signed with a real Ed25519 key pair.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner, interactionBody } from "@/e2e/fakes/fake-discord";
import { HELP_MESSAGE, NOT_LINKED_MESSAGE, NOT_LOGGED_IN_MESSAGE } from "@/lib/integrations/discord/commands";
import { readIdentityLink } from "@/lib/integrations/discord/identity-link-token";
import { discordTestEnvironment, installDiscordGuild, linkDiscordUser, withEnvironment } from "@/lib/testing/discord-fixtures";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { testDatabaseKinds } from "@/lib/testing/db";
import { listSyncEvents } from "@/lib/domain/sync-history/list-sync-events";
import { useTestDatabase } from "@/lib/testing/test-database";
import { POST } from "./route";

const signer = new DiscordInteractionSigner();
const GUILD = "6100000000000000001";
const LINKED = "7100000000000000001";
const UNLINKED = "7100000000000000002";

interface Reply {
  type: number;
  data: { content: string; embeds: unknown[]; components: unknown[]; flags: number };
}

async function command(name: string | undefined, where: { guild?: string | null; discordUser?: string } = {}): Promise<Reply> {
  const guild = where.guild === undefined ? GUILD : where.guild;
  const discordUser = where.discordUser ?? LINKED;
  const body = interactionBody({
    type: 2,
    channel_id: "8100000000000000001",
    data: name === undefined ? {} : { name },
    ...(guild ? { guild_id: guild, member: { user: { id: discordUser } } } : { user: { id: discordUser } }),
  });
  const response = await POST(new Request("https://tether.test/api/discord/interactions", { method: "POST", headers: signer.headers(body), body }), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  const reply = (await response.json()) as Reply;
  // Every reply: a channel message (type 4), ephemeral (flags 64).
  expect(reply.type).toBe(4);
  expect(reply.data.flags).toBe(64);
  return reply;
}

const environment = withEnvironment(() => discordTestEnvironment(signer));
beforeAll(() => environment.apply());
afterAll(() => environment.restore());

describe.each(await testDatabaseKinds())("Discord slash commands on %s", (kind) => {
  const database = useTestDatabase(kind);
  let integrationId = "";
  let organizationId = "";
  let linkedEmail = "";

  beforeAll(async () => {
    const db = database().prisma;
    const { organization, users } = await createOrganizationWithProject(db);
    organizationId = organization.id;
    const { integration, idp } = await installDiscordGuild(db, organization.id, GUILD);
    integrationId = integration.id;
    await linkDiscordUser(db, idp.id, users[0].id, LINKED);
    linkedEmail = users[0].email;
  });

  it("answers help, its aliases, any case and unknown names with the help text", async () => {
    for (const name of ["help", "HELP", "Help", "support", "docs", "", undefined, "frobnicate"]) {
      const reply = await command(name);
      expect(reply.data.content, String(name)).toBe(HELP_MESSAGE);
      expect(reply.data).toMatchObject({ embeds: [], components: [] });
    }
    expect(HELP_MESSAGE).toContain("`/help`");
    expect(HELP_MESSAGE).toContain("`/link`");
    expect(HELP_MESSAGE).toContain("`/unlink`");
    expect(HELP_MESSAGE).toMatch(/logged in to Tether/);
  });

  it("tells a linked user which Tether account they are linked to", async () => {
    for (const name of ["link", "LINK"]) {
      expect((await command(name)).data.content).toBe(`You are already linked to the Tether account with email: \`${linkedEmail}\`.`);
    }
  });

  it("gives an unlinked user a signed link to the dashboard's link page for this guild", async () => {
    const { content } = (await command("Link", { discordUser: UNLINKED })).data;
    const match = /^\[Click here\]\((https:\/\/tether\.test\/discord\/link-identity\/([^)]+))\) to link your Discord account to your Tether account\.$/.exec(content);
    expect(match, content).not.toBeNull();
    expect(await readIdentityLink("link", match![2])).toEqual({ discordUserId: UNLINKED, integrationId, guildId: GUILD });
    // A link for /link does not open the unlink page.
    expect(await readIdentityLink("unlink", match![2])).toBeNull();
  });

  it("asks to be logged in when the guild has no integration", async () => {
    expect((await command("link", { guild: "6199999999999999999" })).data.content).toBe(NOT_LOGGED_IN_MESSAGE);
  });

  it("links from a DM only when exactly one Discord integration exists", async () => {
    const alone = (await command("link", { guild: null, discordUser: UNLINKED })).data.content;
    expect(alone).toMatch(/^\[Click here\]\(https:\/\/tether\.test\/discord\/link-identity\//);
    // In a DM nobody is linked (identities are per guild), so the linked user gets a link too.
    expect((await command("link", { guild: null, discordUser: LINKED })).data.content).toMatch(/^\[Click here\]/);
    const db = database().prisma;
    const other = await db.integration.create({ data: { provider: "discord", externalId: "6100000000000000002", name: "Other" } });
    try {
      expect((await command("link", { guild: null, discordUser: UNLINKED })).data.content).toBe(NOT_LOGGED_IN_MESSAGE);
      expect((await command("unlink", { guild: null, discordUser: UNLINKED })).data.content).toBe(NOT_LINKED_MESSAGE);
    } finally {
      await db.integration.delete({ where: { id: other.id } });
    }
  });

  it("gives a linked user a signed unlink link, and tells an unlinked one to /link first", async () => {
    const { content } = (await command("UNLINK")).data;
    const match = /^\[Click here\]\((https:\/\/tether\.test\/discord\/unlink-identity\/([^)]+))\) to unlink your Discord account from your Tether Account\.$/.exec(content);
    expect(match, content).not.toBeNull();
    expect(await readIdentityLink("unlink", match![2])).toEqual({ discordUserId: LINKED, integrationId, guildId: GUILD });
    expect((await command("unlink", { discordUser: UNLINKED })).data.content).toBe(NOT_LINKED_MESSAGE);
    expect((await command("unlink", { guild: "6199999999999999999" })).data.content).toBe(NOT_LINKED_MESSAGE);
    expect((await command("unlink", { guild: null })).data.content).toBe(NOT_LINKED_MESSAGE);
  });

  it("records each command in the sync history, and changes no identity", async () => {
    const db = database().prisma;
    const before = await db.identity.count();
    await command("link", { discordUser: UNLINKED });
    expect(await db.identity.count()).toBe(before);
    const rows = await db.syncEvent.findMany({ where: { provider: "discord", kind: "interaction", integrationId }, orderBy: { createdAt: "asc" } });
    const reasons = rows.map((row) => row.reason);
    expect(reasons).toEqual(expect.arrayContaining(["command:help", "command:unknown", "command:link already linked", "command:link link sent", "command:unlink link sent", "command:unlink not linked"]));
    expect(rows.every((row) => row.direction === "inbound")).toBe(true);
    // They belong to the guild's organization, so its sync history page lists them.
    expect(rows.every((row) => row.organizationId === organizationId)).toBe(true);
    const listed = await listSyncEvents(db, { organizationId }, { provider: "discord" });
    expect(listed.items.some((row) => row.reason === "command:help")).toBe(true);
  });
});
