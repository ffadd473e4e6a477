// Adding and removing a Discord guild (the domain actions behind the install link, the page and the CLI).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { AppError } from "@/lib/errors";
import { testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { findInteractionContext } from "./interaction-context";
import { interactionSchema } from "./interaction-payload";
import { addDiscordGuild } from "./add-guild";
import { removeDiscordGuild } from "./remove-guild";
import { getDiscordOrganizationSettings } from "./guild-settings";

const discord = new FakeDiscord();
beforeAll(async () => {
  await discord.start();
  discord.addGuild("700000000000000001", "Acme Ops");
  discord.addGuild("700000000000000002", "Other Crew");
  discord.addGuild("700000000000000003", "Shared");
});
afterAll(() => discord.stop());

const settings = () => ({ apiBaseUrl: discord.apiBaseUrl, botToken: discord.botToken });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(await testDatabaseKinds())("Discord guild install on %s", (kind) => {
  const database = useTestDatabase(kind);

  it("adds a guild with its Discord name: the integration, the organization's link, the identity provider and an install row", async () => {
    const db = database().prisma;
    const { organization } = await createOrganizationWithProject(db);
    const added = await addDiscordGuild(db, { organizationSlug: organization.slug, guildId: "700000000000000001", settings: settings(), via: "cli" });
    expect(added).toMatchObject({ created: true, guild: { name: "Acme Ops" }, organization: { slug: organization.slug } });
    expect(discord.requestsTo("GET", "/guilds/700000000000000001").at(-1)?.authorized).toBe(true);

    const integration = await db.integration.findUniqueOrThrow({ where: { id: added.integration.id }, include: { organizationIntegrations: true, identityProviders: true } });
    expect(integration).toMatchObject({ provider: "discord", externalId: "700000000000000001", name: "Acme Ops", status: "active" });
    expect(integration.organizationIntegrations.map((link) => link.organizationId)).toEqual([organization.id]);
    expect(integration.identityProviders).toEqual([expect.objectContaining({ type: "discord", externalId: "700000000000000001" })]);
    const events = await db.syncEvent.findMany({ where: { provider: "discord", kind: "install", integrationId: added.integration.id } });
    expect(events).toEqual([expect.objectContaining({ organizationId: organization.id, outcome: "applied", reason: "guild added (cli)", externalKey: "700000000000000001" })]);

    const view = await getDiscordOrganizationSettings(db, { organizationId: organization.id, integrationId: added.integration.id });
    expect(view).toEqual({ integration: { id: added.integration.id, name: "Acme Ops", baseUrl: null, status: "active" }, guildId: "700000000000000001", linkedIdentities: 0, config: {} });
  });

  it("adds the same guild again without duplicates, taking Discord's current name", async () => {
    const db = database().prisma;
    const { organization } = await createOrganizationWithProject(db);
    await addDiscordGuild(db, { organizationId: organization.id, guildId: "700000000000000002", settings: settings() });
    discord.addGuild("700000000000000002", "Other Crew (renamed)");
    const again = await addDiscordGuild(db, { organizationId: organization.id, guildId: "700000000000000002", settings: settings() });
    expect(again.created).toBe(false);
    expect(await db.integration.count({ where: { provider: "discord", externalId: "700000000000000002" } })).toBe(1);
    expect(await db.organizationIntegration.count({ where: { integrationId: again.integration.id } })).toBe(1);
    expect(await db.identityProvider.count({ where: { type: "discord", externalId: "700000000000000002" } })).toBe(1);
    expect((await db.integration.findUniqueOrThrow({ where: { id: again.integration.id } })).name).toBe("Other Crew (renamed)");
    expect((await db.syncEvent.findMany({ where: { integrationId: again.integration.id }, orderBy: { createdAt: "asc" } })).map((e) => e.reason)).toEqual(["guild added", "guild re-added"]);
  });

  it("refuses a guild the bot is not in, and bad ids and organizations, writing nothing", async () => {
    const db = database().prisma;
    const { organization } = await createOrganizationWithProject(db);
    const before = await db.integration.count();
    const unknown = await failure(addDiscordGuild(db, { organizationId: organization.id, guildId: "799999999999999999", settings: settings() }));
    expect(unknown).toMatchObject({ status: 404, code: "unknown_guild" });
    expect(unknown.message).toBe("The bot is not in guild 799999999999999999: add it with the install link first (Settings › Integrations › Add to Discord)");
    expect(await failure(addDiscordGuild(db, { organizationId: organization.id, guildId: "not-a-guild", settings: settings() }))).toMatchObject({ status: 400 });
    expect(await failure(addDiscordGuild(db, { organizationSlug: "no-such-org", guildId: "700000000000000001", settings: settings() }))).toMatchObject({ status: 404 });
    discord.failNext("GET /guilds/", { status: 500 });
    expect(await failure(addDiscordGuild(db, { organizationId: organization.id, guildId: "700000000000000001", settings: settings() }))).toMatchObject({ status: 502, code: "discord_unavailable" });
    expect(await failure(addDiscordGuild(db, { organizationId: organization.id, guildId: "700000000000000001", settings: { ...settings(), botToken: "wrong" } }))).toMatchObject({ status: 502 });
    expect(await db.integration.count()).toBe(before);
    expect(await db.organizationIntegration.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it("refuses (409) a guild already connected to another organization, changing nothing", async () => {
    const db = database().prisma;
    const first = (await createOrganizationWithProject(db)).organization;
    const second = (await createOrganizationWithProject(db)).organization;
    const added = await addDiscordGuild(db, { organizationId: first.id, guildId: "700000000000000003", settings: settings() });
    const refused = await failure(addDiscordGuild(db, { organizationId: second.id, guildId: "700000000000000003", settings: settings() }));
    expect(refused).toMatchObject({ status: 409 });
    expect(refused.message).toMatch(/already connected to another Tether organization; remove it there first/);
    expect(refused.message).not.toContain(first.slug);
    expect((await db.organizationIntegration.findMany({ where: { integrationId: added.integration.id } })).map((l) => l.organizationId)).toEqual([first.id]);
    // Two organizations racing for one free guild: exactly one wins.
    await removeDiscordGuild(db, { guildId: "700000000000000003" });
    const results = await Promise.allSettled([
      addDiscordGuild(db, { organizationId: first.id, guildId: "700000000000000003", settings: settings() }),
      addDiscordGuild(db, { organizationId: second.id, guildId: "700000000000000003", settings: settings() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.organizationIntegration.count({ where: { integrationId: added.integration.id } })).toBe(1);
    await removeDiscordGuild(db, { guildId: "700000000000000003" });
  });

  it("removes the guild: the link goes, the integration is disabled, identities are unlinked and interactions find no integration", async () => {
    const db = database().prisma;
    const { organization, users } = await createOrganizationWithProject(db);
    discord.addGuild("700000000000000004", "Leaving");
    const added = await addDiscordGuild(db, { organizationId: organization.id, guildId: "700000000000000004", settings: settings() });
    const idp = await db.identityProvider.findUniqueOrThrow({ where: { type_externalId: { type: "discord", externalId: "700000000000000004" } } });
    await db.identity.create({ data: { idpId: idp.id, externalId: "800000000000000001", userId: users[0].id } });
    const interaction = interactionSchema.parse({ id: "1", application_id: "2", type: 2, token: "t", guild_id: "700000000000000004", channel_id: "3", member: { user: { id: "800000000000000001" } } });
    expect((await findInteractionContext(db, interaction)).user?.id).toBe(users[0].id);

    expect(await failure(removeDiscordGuild(db, { guildId: "700000000000000004", organizationId: (await createOrganizationWithProject(db)).organization.id }))).toMatchObject({ status: 404 });
    const removed = await removeDiscordGuild(db, { guildId: "700000000000000004", organizationId: organization.id, via: "settings" });
    expect(removed).toMatchObject({ integrationDisabled: true, unlinkedIdentities: 1, removedFrom: [organization.id] });
    expect((await db.integration.findUniqueOrThrow({ where: { id: added.integration.id } })).status).toBe("disabled");
    expect(await db.organizationIntegration.count({ where: { integrationId: added.integration.id } })).toBe(0);
    expect(await db.identityProvider.count({ where: { externalId: "700000000000000004" } })).toBe(0);
    expect(await db.identity.count({ where: { externalId: "800000000000000001" } })).toBe(0);
    expect(await findInteractionContext(db, interaction)).toMatchObject({ integration: null, user: null });
    expect(await db.syncEvent.findFirst({ where: { integrationId: added.integration.id, reason: "guild removed (settings)" } })).toMatchObject({ kind: "install", organizationId: organization.id });
    expect(await failure(removeDiscordGuild(db, { guildId: "700000000000000004" }))).toMatchObject({ status: 404 });

    // Adding it back re-activates the same integration with a fresh identity provider.
    const back = await addDiscordGuild(db, { organizationId: organization.id, guildId: "700000000000000004", settings: settings() });
    expect(back).toMatchObject({ created: true, integration: { id: added.integration.id, status: "active" } });
    expect((await findInteractionContext(db, interaction)).integration?.id).toBe(added.integration.id);
  });
});
