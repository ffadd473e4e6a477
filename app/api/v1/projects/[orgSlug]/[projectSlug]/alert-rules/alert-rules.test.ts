import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createApiToken } from "@/lib/auth/tokens";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { installDiscordGuild, useFakeDiscordEnvironment } from "@/lib/testing/discord-fixtures";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { GET, POST } from "./route";
import { DELETE, PATCH } from "./[ruleId]/route";

const GUILD = "860000000000000001";
const CHANNEL = "860000000000000011";
const VOICE = "860000000000000012";
const fake = new FakeDiscord();

describe.each(await testDatabaseKinds())("alert rules API on %s", (kind) => {
  let database: Database;
  let orgSlug: string;
  let admin: string;
  let reader: string;
  let foreignAdmin: string;
  let integrationId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    await fake.start();
    useFakeDiscordEnvironment(fake);
    fake.addGuild(GUILD, "Acme");
    fake.addChannel({ id: CHANNEL, guildId: GUILD, name: "alerts", type: 0 });
    fake.addChannel({ id: VOICE, guildId: GUILD, name: "standup", type: 2 });
    const db = database.prisma;
    const org = await createOrganizationFixture(db);
    await createProjectFixture(db, org.id, { slug: "backend" });
    orgSlug = org.slug;
    integrationId = (await installDiscordGuild(db, org.id, GUILD, "Acme")).integration.id;
    admin = (await createApiToken(db, { organizationId: org.id, name: "admin", scopes: ["org:admin"] })).token;
    reader = (await createApiToken(db, { organizationId: org.id, name: "ro", scopes: ["issues:read"] })).token;
    const other = await createOrganizationFixture(db);
    await createProjectFixture(db, other.id, { slug: "backend" });
    foreignAdmin = (await createApiToken(db, { organizationId: other.id, name: "admin", scopes: ["org:admin"] })).token;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await fake.stop();
    await database.close();
  });

  const url = (rest = "") => `https://tether.test/api/v1/projects/${orgSlug}/backend/alert-rules${rest}`;
  const request = (method: string, token: string, body?: unknown, rest = "") =>
    new Request(url(rest), { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const params = () => ({ params: Promise.resolve({ orgSlug, projectSlug: "backend" }) });
  const ruleParams = (ruleId: string) => ({ params: Promise.resolve({ orgSlug, projectSlug: "backend", ruleId }) });

  it("creates, lists, disables and deletes a rule", async () => {
    const created = await POST(request("POST", admin, { name: "New errors", discord: { integrationId, channel: CHANNEL, tags: ["browser"] } }), params());
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string; enabled: boolean };
    expect(rule).toMatchObject({ name: "New errors", kind: "issue", enabled: true, discord: { channelName: "alerts", guildName: "Acme" } });

    const listed = await GET(request("GET", reader), params());
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ rules: [{ id: rule.id }], discordGuilds: [{ integrationId, guildId: GUILD, name: "Acme" }] });

    const disabled = await PATCH(request("PATCH", admin, { enabled: false }, `/${rule.id}`), ruleParams(rule.id));
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ enabled: false });

    const deleted = await DELETE(request("DELETE", admin, undefined, `/${rule.id}`), ruleParams(rule.id));
    expect(deleted.status).toBe(200);
    expect(await database.prisma.alertRule.count({ where: { id: rule.id } })).toBe(0);
  });

  it("answers bad input with 4xx JSON naming the problem, and writes nothing", async () => {
    const before = await database.prisma.alertRule.count();
    const voice = await POST(request("POST", admin, { name: "V", discord: { integrationId, channel: VOICE } }), params());
    expect(voice.status).toBe(400);
    expect(((await voice.json()) as { error: { message: string } }).error.message).toMatch(/voice channel/);
    const invalid = await POST(request("POST", admin, { kind: "metric", name: "M", windowMinutes: 3, criticalThreshold: 1, discord: { integrationId, channel: CHANNEL } }), params());
    expect(invalid.status).toBe(400);
    const notJson = await POST(new Request(url(), { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: "{" }), params());
    expect(notJson.status).toBe(400);
    expect((await POST(request("POST", reader, { name: "R", discord: { integrationId, channel: CHANNEL } }), params())).status).toBe(403);
    expect((await POST(request("POST", foreignAdmin, { name: "F", discord: { integrationId, channel: CHANNEL } }), params())).status).toBe(404);
    expect((await PATCH(request("PATCH", admin, { enabled: true }, "/nope"), ruleParams("nope"))).status).toBe(404);
    expect((await PATCH(request("PATCH", admin, {}, "/nope"), ruleParams("nope"))).status).toBe(400);
    expect(await database.prisma.alertRule.count()).toBe(before);
  });
});
