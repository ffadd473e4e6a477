// Deferred responses over the real route: a genuinely slow database (a lock held by another
// transaction), the deferred answer well inside Discord's 3 s, and the real reply delivered to the
// fake Discord's interaction webhook by the follow-up job on the real job queue.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner, FakeDiscord, interactionBody } from "@/e2e/fakes/fake-discord";
import type { Db } from "@/lib/db/client";
import { ASSIGNEE_UPDATED, RESOLVED } from "@/lib/integrations/discord/message-components";
import { deferredAfterMs, DEFAULT_DEFERRED_AFTER_MS } from "@/lib/integrations/discord/deferred-reply";
import { discordFollowUpJob, sealInteractionToken, type DiscordFollowUpPayload } from "@/lib/jobs/definitions/discord-follow-up";
import { createJobDefinitionRegistry } from "@/lib/jobs/job-definitions";
import { startJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { runJobAttempt } from "@/lib/jobs/run-job-attempt";
import type { AnyJobDefinition } from "@/lib/jobs/job-definition";
import { integrationProviders } from "@/lib/integrations/providers";
import { testDatabaseKinds } from "@/lib/testing/db";
import { componentBody, discordTestEnvironment, installDiscordGuild, linkDiscordUser, withEnvironment } from "@/lib/testing/discord-fixtures";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { waitFor } from "@/lib/testing/wait-for";
import { POST } from "./route";

const signer = new DiscordInteractionSigner();
const fake = new FakeDiscord();
const DEFER_AFTER_MS = 400;
const HOLD_MS = 2_500;
const environment = withEnvironment(() => ({ ...discordTestEnvironment(signer, fake.apiBaseUrl), DISCORD_DEFERRED_AFTER_MS: String(DEFER_AFTER_MS) }));
beforeAll(async () => {
  await fake.start();
  environment.apply();
});
afterAll(async () => {
  environment.restore();
  await fake.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(body: string, headers: Record<string, string> = signer.headers(body)) {
  const started = Date.now();
  const response = await POST(new Request("https://tether.test/api/discord/interactions", { method: "POST", headers, body }), { params: Promise.resolve({}) });
  const text = await response.text();
  return { status: response.status, reply: (text ? JSON.parse(text) : null) as Record<string, unknown>, ms: Date.now() - started };
}

const tokenOf = (body: string) => (JSON.parse(body) as { token: string }).token;

it("reads the deferral threshold from DISCORD_DEFERRED_AFTER_MS, 2 s by default and for nonsense", () => {
  expect(deferredAfterMs({})).toBe(DEFAULT_DEFERRED_AFTER_MS);
  expect(deferredAfterMs({ DISCORD_DEFERRED_AFTER_MS: "250" })).toBe(250);
  for (const bad of ["-1", "2.5", "9000", "soon"]) expect(deferredAfterMs({ DISCORD_DEFERRED_AFTER_MS: bad })).toBe(DEFAULT_DEFERRED_AFTER_MS);
});

describe.each(await testDatabaseKinds())("deferred interaction replies on %s", (kind) => {
  const database = useTestDatabase(kind);
  const db = (): Db => database().prisma;
  let queue: JobQueue;

  beforeAll(async () => {
    queue = await startJobQueue(database(), {
      definitions: createJobDefinitionRegistry([discordFollowUpJob as AnyJobDefinition]),
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 1,
      retryDelayMaxSeconds: 1,
    });
  });
  afterAll(async () => {
    await queue.stop();
  });
  afterEach(() => {
    fake.followUps.length = 0;
    fake.requests.length = 0;
  });

  async function world() {
    const base = await createOrganizationWithProject(db(), { members: 2 });
    const guild = await installDiscordGuild(db(), base.organization.id);
    const discordUserId = await linkDiscordUser(db(), guild.idp.id, base.users[0]!.id);
    const group = await createGroup(db(), base.project.id);
    return { ...base, guild, discordUserId, group };
  }

  /** Another connection holds the group's row (on PGlite: the database itself) for HOLD_MS. */
  async function holdGroupLock(groupId: string): Promise<{ held: Promise<void> }> {
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => (locked = resolve));
    const held = db().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Group" WHERE id = ${groupId} FOR UPDATE`;
        locked();
        await sleep(HOLD_MS);
      },
      { timeout: 20_000 },
    );
    await taken;
    // Wrapped: an async function returning the promise itself would wait for it.
    return { held };
  }

  /** Another connection holds the Identity table for HOLD_MS: a command's context read waits on it. */
  async function holdIdentityTable(): Promise<{ held: Promise<void> }> {
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => (locked = resolve));
    const held = db().$transaction(
      async (tx) => {
        await tx.$executeRaw`LOCK TABLE "Identity" IN ACCESS EXCLUSIVE MODE`;
        locked();
        await sleep(HOLD_MS);
      },
      { timeout: 20_000 },
    );
    await taken;
    return { held };
  }

  it("a button whose group is locked is answered type 6 in time, and its reply follows as a new ephemeral message", async () => {
    const w = await world();
    const { held } = await holdGroupLock(w.group.id);
    const body = componentBody({ customId: `resolve:${w.group.id}`, guildId: w.guild.guildId, discordUserId: w.discordUserId });
    const { status, reply, ms } = await send(body);
    expect(status).toBe(200);
    expect(reply).toEqual({ type: 6 });
    expect(ms).toBeLessThan(HOLD_MS - 500);
    await held;

    const [followUp] = await waitFor(async () => fake.followUps, (list) => list.length >= 1);
    // A new message: editing the original would replace the alert the button is on.
    expect(followUp).toEqual({ token: tokenOf(body), kind: "create", body: { content: RESOLVED, embeds: [], components: [], flags: 64 } });
    expect(fake.requestsTo("POST", "/webhooks/")[0]?.authorized).toBe(false);
    expect((await db().group.findUniqueOrThrow({ where: { id: w.group.id } })).status).toBe("resolved");

    const rows = await waitFor(
      () => db().syncEvent.findMany({ where: { provider: "discord", groupId: w.group.id }, orderBy: { createdAt: "asc" } }),
      (list) => list.some((row) => row.direction === "outbound" && row.outcome === "applied"),
    );
    expect(rows.map((row) => [row.direction, row.kind, row.outcome])).toEqual([
      ["inbound", "interaction", "applied"],
      ["outbound", "interaction", "applied"],
    ]);
    expect(rows[1]).toMatchObject({ organizationId: w.organization.id, integrationId: w.guild.integration.id, job: "discord-follow-up" });
    // The token never appears in the sync history (the outbox row holds it sealed).
    expect(JSON.stringify(rows)).not.toContain(tokenOf(body));
  });

  it("a select whose group is locked edits the dialog it came from once the assignment is done", async () => {
    const w = await world();
    const { held } = await holdGroupLock(w.group.id);
    const body = componentBody({ customId: `assign:${w.group.id}`, guildId: w.guild.guildId, discordUserId: w.discordUserId, values: [`user:${w.users[1]!.id}`] });
    const { reply } = await send(body);
    expect(reply).toEqual({ type: 6 });
    await held;
    const [followUp] = await waitFor(async () => fake.followUps, (list) => list.length >= 1);
    expect(followUp).toEqual({ token: tokenOf(body), kind: "edit_original", body: { content: ASSIGNEE_UPDATED, embeds: [], components: [] } });
    expect(await db().groupAssignee.findUnique({ where: { groupId: w.group.id } })).toMatchObject({ userId: w.users[1]!.id });
  });

  it("a command on a slow database is answered type 5 (ephemeral) and its reply edits the original", async () => {
    const w = await world();
    const fast = await send(interactionBody({ type: 2, data: { name: "help" }, guild_id: w.guild.guildId, member: { user: { id: w.discordUserId } } }));
    const expected = (fast.reply as { data: { content: string } }).data.content;
    const { held } = await holdIdentityTable();
    const body = interactionBody({ type: 2, data: { name: "help" }, guild_id: w.guild.guildId, member: { user: { id: w.discordUserId } } });
    const { reply, ms } = await send(body);
    expect(reply).toEqual({ type: 5, data: { flags: 64 } });
    expect(ms).toBeLessThan(HOLD_MS - 500);
    await held;
    const [followUp] = await waitFor(async () => fake.followUps, (list) => list.length >= 1);
    expect(followUp).toMatchObject({ token: tokenOf(body), kind: "edit_original", body: { content: expected } });
  });

  it("a deferred /link sends its signed link to Discord but never stores it readable in the outbox or the sync history", async () => {
    const w = await world();
    const { held } = await holdIdentityTable();
    // A Discord user not linked yet: the reply is "[Click here](<signed link>) to link …".
    const body = interactionBody({ type: 2, data: { name: "link" }, guild_id: w.guild.guildId, member: { user: { id: "1999999999999999977" } } });
    const { reply } = await send(body);
    expect(reply).toEqual({ type: 5, data: { flags: 64 } });
    await held;
    const [followUp] = await waitFor(async () => fake.followUps, (list) => list.length >= 1);
    const link = /\]\(([^)]+)\)/.exec(String(followUp?.body.content))?.[1] ?? "";
    expect(link).toContain("/discord/link-identity/");
    const rows = await db().syncEvent.findMany({ where: { provider: "discord", organizationId: w.organization.id } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(link.split("/").at(-1));
  });

  it("a replay of a deferred interaction acts once and sends one follow-up", async () => {
    const w = await world();
    const { held } = await holdGroupLock(w.group.id);
    const body = componentBody({ customId: `archive:${w.group.id}`, guildId: w.guild.guildId, discordUserId: w.discordUserId });
    const headers = signer.headers(body);
    const [first, replay] = await Promise.all([send(body, headers), send(body, headers)]);
    expect(first.reply).toEqual({ type: 6 });
    expect(replay.reply).toEqual({ type: 6 });
    await held;
    await waitFor(async () => fake.followUps, (list) => list.length >= 1);
    await sleep(1_500);
    expect(fake.followUps).toHaveLength(1);
    expect(await db().activity.count({ where: { groupId: w.group.id } })).toBe(1);
  });

  it("interactions that finish in time are answered directly, with no follow-up", async () => {
    const w = await world();
    process.env.DISCORD_DEFERRED_AFTER_MS = "2500";
    try {
      const { reply } = await send(componentBody({ customId: `resolve:${w.group.id}`, guildId: w.guild.guildId, discordUserId: w.discordUserId }));
      expect(reply).toMatchObject({ type: 4, data: { content: RESOLVED, flags: 64 } });
    } finally {
      process.env.DISCORD_DEFERRED_AFTER_MS = String(DEFER_AFTER_MS);
    }
    await sleep(700);
    expect(fake.followUps).toHaveLength(0);
    expect(await db().syncEvent.count({ where: { provider: "discord", groupId: w.group.id, direction: "outbound" } })).toBe(0);
  });

  describe("the follow-up job", () => {
    const payload = (overrides: Partial<DiscordFollowUpPayload> = {}): DiscordFollowUpPayload => ({
      applicationId: fake.applicationId,
      interactionId: "1300000000000000999",
      sealedToken: sealInteractionToken("a-token"),
      target: "edit_original",
      message: { content: "Done.", embeds: [], components: [] },
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      organizationId: null,
      integrationId: null,
      groupId: null,
      channelId: null,
      ...overrides,
    });
    const attempt = (data: DiscordFollowUpPayload, retryCount = 0) =>
      runJobAttempt(db(), discordFollowUpJob as AnyJobDefinition, { id: randomUUID(), data: { ...data, attemptOffset: 0 }, retryCount }, { providers: integrationProviders, maxAttempts: 5 });

    it("skips a follow-up whose token has expired, without calling Discord", async () => {
      expect(await attempt(payload({ expiresAt: new Date(Date.now() - 1).toISOString() }))).toEqual({ next: "done" });
      expect(fake.followUps).toHaveLength(0);
    });

    it("gives up at once when Discord no longer knows the webhook, and retries a 500", async () => {
      fake.failNext("PATCH /webhooks/", { status: 404, body: { message: "Unknown Webhook", code: 10015 } });
      expect(await attempt(payload())).toEqual({ next: "done" });
      fake.failNext("PATCH /webhooks/", { status: 500 });
      expect((await attempt(payload())).next).toBe("retry");
      expect(await attempt(payload(), 1)).toEqual({ next: "done" });
      expect(fake.followUps).toEqual([{ token: "a-token", kind: "edit_original", body: { content: "Done.", embeds: [], components: [] } }]);
    });
  });
});
