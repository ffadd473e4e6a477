// The settings API and the remove route with a Discord guild: the provider registry makes Discord
// answer like any provider, and removing it goes through the organization's admin scope.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { createApiToken } from "@/lib/auth/tokens";
import { addDiscordGuild } from "@/lib/integrations/discord/add-guild";
import { testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { DELETE as removeGuild } from "../discord/guilds/[guildId]/route";
import { GET as list } from "./route";
import { GET as read, PUT as update } from "./[integrationId]/route";

const BASE = "https://tether.test";
const GUILD = "730000000000000001";
const discord = new FakeDiscord();
beforeAll(async () => {
  await discord.start();
  discord.addGuild(GUILD, "Acme Ops");
});
afterAll(() => discord.stop());

describe.each(await testDatabaseKinds())("Discord in the integrations settings API on %s", (kind) => {
  const database = useTestDatabase(kind);
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;
  let integrationId: string;
  let adminCookie: string;
  let memberCookie: string;
  let foreignToken: string;

  beforeAll(async () => {
    const db = database().prisma;
    org = await createOrganizationWithProject(db);
    await db.organizationMember.updateMany({ where: { organizationId: org.organization.id, userId: org.users[0].id }, data: { role: "admin" } });
    integrationId = (await addDiscordGuild(db, { organizationId: org.organization.id, guildId: GUILD, settings: { apiBaseUrl: discord.apiBaseUrl, botToken: discord.botToken } })).integration.id;
    adminCookie = `next-auth.session-token=${await encode({ token: { sub: org.users[0].id }, secret: process.env.NEXTAUTH_SECRET! })}`;
    memberCookie = `next-auth.session-token=${await encode({ token: { sub: org.users[1].id }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const other = await createOrganizationWithProject(db);
    foreignToken = (await createApiToken(db, { organizationId: other.organization.id, name: "x", scopes: ["org:admin"] })).token;
  });

  const url = (suffix = "") => `${BASE}/api/v1/organizations/${org.organization.slug}${suffix}`;
  const params = <P extends object>(extra: P) => ({ params: Promise.resolve({ orgSlug: org.organization.slug, ...extra }) });
  const remove = (headers: Record<string, string>, guildId = GUILD) =>
    removeGuild(new Request(url(`/discord/guilds/${guildId}`), { method: "DELETE", headers }), params({ guildId }));

  it("lists the guild as a Discord integration and reads its settings", async () => {
    const listed = (await (await list(new Request(url("/integrations"), { headers: { cookie: memberCookie } }), params({}))).json()) as { integrations: unknown[] };
    expect(listed.integrations).toEqual([expect.objectContaining({ id: integrationId, provider: "discord", name: "Acme Ops", status: "active", baseUrl: null })]);
    const settings = await read(new Request(url(`/integrations/${integrationId}`), { headers: { cookie: memberCookie } }), params({ integrationId }));
    expect(settings.status).toBe(200);
    expect(await settings.json()).toEqual({ integration: { id: integrationId, name: "Acme Ops", baseUrl: null, status: "active" }, guildId: GUILD, linkedIdentities: 0, config: {} });
  });

  it("has nothing to change: an empty update answers the settings, any key is refused by name", async () => {
    const put = (body: unknown) =>
      update(new Request(url(`/integrations/${integrationId}`), { method: "PUT", headers: { cookie: adminCookie, origin: BASE, "content-type": "application/json" }, body: JSON.stringify(body) }), params({ integrationId }));
    expect((await put({})).status).toBe(200);
    const refused = await put({ sync_forward_assignment: true });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("sync_forward_assignment");
  });

  it("lets only the organization's admins remove the guild, from the dashboard, and then it is gone from the list", async () => {
    expect((await remove({ cookie: memberCookie, origin: BASE })).status).toBe(403);
    expect((await remove({ cookie: adminCookie, origin: "https://evil.example" })).status).toBe(403);
    expect((await remove({ authorization: `Bearer ${foreignToken}` })).status).toBe(404);
    expect((await remove({ cookie: adminCookie, origin: BASE }, "739999999999999999")).status).toBe(404);
    expect((await remove({ cookie: adminCookie, origin: BASE }, "not-a-guild")).status).toBe(400);
    expect(await database().prisma.organizationIntegration.count({ where: { organizationId: org.organization.id } })).toBe(1);

    const removed = await remove({ cookie: adminCookie, origin: BASE });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ guildId: GUILD, integrationId, integrationDisabled: true, unlinkedIdentities: 0 });
    const listed = (await (await list(new Request(url("/integrations"), { headers: { cookie: adminCookie } }), params({}))).json()) as { integrations: unknown[] };
    expect(listed.integrations).toEqual([]);
    expect((await read(new Request(url(`/integrations/${integrationId}`), { headers: { cookie: adminCookie } }), params({ integrationId }))).status).toBe(404);
    expect(await database().prisma.syncEvent.findFirst({ where: { integrationId, reason: "guild removed (settings)" } })).toMatchObject({ organizationId: org.organization.id, payload: { userId: org.users[0].id } });
  });
});
