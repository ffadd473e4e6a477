// §9.3: the link and unlink pages' confirm, over the real route handlers with real sessions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner, interactionBody } from "@/e2e/fakes/fake-discord";
import { signIdentityLink } from "@/lib/integrations/discord/identity-link-token";
import { discordTestEnvironment, installDiscordGuild, linkDiscordUser, withEnvironment } from "@/lib/testing/discord-fixtures";
import { createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { testDatabaseKinds } from "@/lib/testing/db";
import { useTestDatabase } from "@/lib/testing/test-database";
import { callRoute, sessionCookieFor, tokenFor } from "@/lib/testing/ui-fixtures";
import { POST as interactions } from "../interactions/route";
import { POST as unlinkRoute } from "../unlink-identity/route";
import { POST as linkRoute } from "./route";

const GUILD = "6300000000000000001";
const OTHER_GUILD = "6300000000000000002";
const signer = new DiscordInteractionSigner();
let discordIds = 7_300_000_000_000_000_000n;
const nextDiscordId = () => (++discordIds).toString();

const environment = withEnvironment(() => discordTestEnvironment(signer));
beforeAll(() => environment.apply());
afterAll(() => environment.restore());

/** What Discord shows the user after a command in GUILD. */
async function commandReply(name: string, discordUserId: string, guildId = GUILD): Promise<string> {
  const body = interactionBody({ type: 2, guild_id: guildId, channel_id: "8300000000000000001", member: { user: { id: discordUserId } }, data: { name } });
  const response = await interactions(new Request("https://tether.test/api/discord/interactions", { method: "POST", headers: signer.headers(body), body }), { params: Promise.resolve({}) });
  return ((await response.json()) as { data: { content: string } }).data.content;
}

/** The token of the link a /link or /unlink reply carries. */
async function tokenFromCommand(name: "link" | "unlink", discordUserId: string, guildId = GUILD): Promise<string> {
  const content = await commandReply(name, discordUserId, guildId);
  const token = /\/discord\/(?:un)?link-identity\/([^)]+)\)/.exec(content)?.[1];
  if (!token) throw new Error(`no link in: ${content}`);
  return token;
}

describe.each(await testDatabaseKinds())("linking a Discord identity on %s", (kind) => {
  const database = useTestDatabase(kind);
  let integrationId = "";
  let idpId = "";
  let member: { id: string; email: string };
  let colleague: { id: string; email: string };
  let outsider: { id: string; email: string };
  let organizationId = "";

  beforeAll(async () => {
    const db = database().prisma;
    const ours = await createOrganizationWithProject(db);
    organizationId = ours.organization.id;
    [member, colleague] = ours.users;
    const installed = await installDiscordGuild(db, organizationId, GUILD);
    integrationId = installed.integration.id;
    idpId = installed.idp.id;
    await db.integration.update({ where: { id: integrationId }, data: { name: "Acme Discord" } });
    // A guild of another organization, and a user who is only in that one.
    const theirs = await createOrganizationWithProject(db, { members: 0 });
    await installDiscordGuild(db, theirs.organization.id, OTHER_GUILD);
    outsider = await createMember(db, theirs.organization.id);
  });

  const post = async (route: typeof linkRoute, token: string, userId: string) =>
    callRoute(route, "http://localhost/api/discord/link-identity", {}, { method: "POST", cookie: await sessionCookieFor(userId), body: { token } });

  it("links the Discord user of a /link reply to the signed-in member, and /link then says so", async () => {
    const discordUserId = nextDiscordId();
    const token = await tokenFromCommand("link", discordUserId);
    const response = await post(linkRoute, token, member.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "linked", discordUserId, guild: { id: GUILD, name: "Acme Discord" }, email: member.email, movedFrom: null });
    const identity = await database().prisma.identity.findFirstOrThrow({ where: { externalId: discordUserId } });
    expect(identity.userId).toBe(member.id);
    const events = await database().prisma.syncEvent.findMany({ where: { provider: "discord", kind: "link", externalKey: discordUserId } });
    expect(events).toEqual([expect.objectContaining({ direction: "inbound", outcome: "applied", organizationId, integrationId })]);
    expect(await commandReply("link", discordUserId)).toBe(`You are already linked to the Tether account with email: \`${member.email}\`.`);

    // The same link again: nothing changes, no second history row.
    const again = await post(linkRoute, token, member.id);
    expect(await again.json()).toMatchObject({ outcome: "already_linked" });
    expect(await database().prisma.syncEvent.count({ where: { kind: "link", externalKey: discordUserId } })).toBe(1);
  });

  it("moves a Discord account linked to another user, and replaces the user's previous Discord account in the guild", async () => {
    const db = database().prisma;
    const discordUserId = nextDiscordId();
    const previousOfColleague = nextDiscordId();
    await linkDiscordUser(db, idpId, (await createMember(db, organizationId)).id, discordUserId);
    await linkDiscordUser(db, idpId, colleague.id, previousOfColleague);
    const token = await signIdentityLink("link", { discordUserId, integrationId, guildId: GUILD });
    const body = (await (await post(linkRoute, token, colleague.id)).json()) as { outcome: string; movedFrom: string | null; replacedDiscordUserId: string | null };
    expect(body.outcome).toBe("linked");
    expect(body.movedFrom).toMatch(/@example\.com$/);
    expect(body.replacedDiscordUserId).toBe(previousOfColleague);
    const identities = await db.identity.findMany({ where: { externalId: { in: [discordUserId, previousOfColleague] } } });
    expect(identities).toEqual([expect.objectContaining({ externalId: discordUserId, userId: colleague.id })]);
  });

  it("answers 404 and writes nothing when the user is in no organization of the guild", async () => {
    const db = database().prisma;
    const discordUserId = nextDiscordId();
    const token = await tokenFromCommand("link", discordUserId);
    const [identities, events] = [await db.identity.count(), await db.syncEvent.count({ where: { kind: { in: ["link", "unlink"] } } })];
    const response = await post(linkRoute, token, outsider.id);
    expect(response.status).toBe(404);
    expect(await db.identity.count()).toBe(identities);
    expect(await db.syncEvent.count({ where: { kind: { in: ["link", "unlink"] } } })).toBe(events);
  });

  it("answers 404 for a link naming another guild's integration, and for a removed integration", async () => {
    const db = database().prisma;
    const other = await db.integration.findFirstOrThrow({ where: { provider: "discord", externalId: OTHER_GUILD } });
    // Signed claims that do not belong together (as a bug elsewhere could make them): refused.
    const mixed = await signIdentityLink("link", { discordUserId: nextDiscordId(), integrationId: other.id, guildId: GUILD });
    expect((await post(linkRoute, mixed, member.id)).status).toBe(404);
    const token = await tokenFromCommand("link", nextDiscordId());
    await db.integration.update({ where: { id: integrationId }, data: { status: "disabled" } });
    try {
      expect((await post(linkRoute, token, member.id)).status).toBe(404);
    } finally {
      await db.integration.update({ where: { id: integrationId }, data: { status: "active" } });
    }
  });

  it("answers an expired or tampered link with 400 expired_link, and an unlink link on the link route too", async () => {
    const discordUserId = nextDiscordId();
    const old = await signIdentityLink("link", { discordUserId, integrationId, guildId: GUILD }, new Date(Date.now() - 2 * 24 * 3600 * 1000 - 1000));
    for (const token of [old, `${old}x`, await signIdentityLink("unlink", { discordUserId, integrationId, guildId: GUILD })]) {
      const response = await post(linkRoute, token, member.id);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "expired_link", message: "This link has expired or is invalid — run /link again in Discord." } });
    }
    expect(await database().prisma.identity.count({ where: { externalId: discordUserId } })).toBe(0);
  });

  it("needs a session (401), from the dashboard's origin (403), and not an API token (403)", async () => {
    const token = await tokenFromCommand("link", nextDiscordId());
    const url = "http://localhost/api/discord/link-identity";
    expect((await callRoute(linkRoute, url, {}, { method: "POST", body: { token } })).status).toBe(401);
    const crossSite = await linkRoute(
      new Request(url, { method: "POST", headers: { cookie: await sessionCookieFor(member.id), origin: "https://evil.example", "content-type": "application/json" }, body: JSON.stringify({ token }) }),
      { params: Promise.resolve({}) },
    );
    expect(crossSite.status).toBe(403);
    const apiToken = await tokenFor(database().prisma, organizationId, ["org:admin"], member.id);
    expect((await callRoute(linkRoute, url, {}, { method: "POST", token: apiToken, body: { token } })).status).toBe(403);
    expect((await callRoute(linkRoute, url, {}, { method: "POST", cookie: await sessionCookieFor(member.id), body: { nope: 1 } })).status).toBe(400);
  });

  it("unlinks the Discord user of an /unlink reply, once", async () => {
    const db = database().prisma;
    const discordUserId = nextDiscordId();
    const linked = await createMember(db, organizationId);
    await linkDiscordUser(db, idpId, linked.id, discordUserId);
    const token = await tokenFromCommand("unlink", discordUserId);
    const response = await post(unlinkRoute, token, linked.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "unlinked", discordUserId, unlinkedFrom: linked.email });
    expect(await db.identity.count({ where: { externalId: discordUserId } })).toBe(0);
    expect(await db.syncEvent.findMany({ where: { kind: "unlink", externalKey: discordUserId } })).toEqual([
      expect.objectContaining({ provider: "discord", direction: "inbound", outcome: "applied", organizationId, integrationId }),
    ]);
    expect(await commandReply("unlink", discordUserId)).toBe("Your Discord account is not linked to a Tether account. Use `/link` to link your accounts.");
    expect(await (await post(unlinkRoute, token, linked.id)).json()).toMatchObject({ outcome: "not_linked" });
    expect(await db.syncEvent.count({ where: { kind: "unlink", externalKey: discordUserId } })).toBe(1);
  });

  it("refuses to unlink for a user outside the guild's organizations, or with a link for /link", async () => {
    const db = database().prisma;
    const discordUserId = nextDiscordId();
    await linkDiscordUser(db, idpId, (await createMember(db, organizationId)).id, discordUserId);
    const token = await signIdentityLink("unlink", { discordUserId, integrationId, guildId: GUILD });
    expect((await post(unlinkRoute, token, outsider.id)).status).toBe(404);
    const wrongKind = await signIdentityLink("link", { discordUserId, integrationId, guildId: GUILD });
    const refused = await post(unlinkRoute, wrongKind, member.id);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: "This link has expired or is invalid — run /unlink again in Discord." } });
    expect(await db.identity.count({ where: { externalId: discordUserId } })).toBe(1);
  });
});
