import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { dispatchOutbox, enqueueOutboxJob } from "@/lib/domain/sync-history/outbox";
import { PermanentSyncError } from "@/lib/integrations/provider";
import { createProviderRegistry } from "@/lib/integrations/provider-capabilities";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { defineJob, type AnyJobDefinition } from "./job-definition";
import { createJobDefinitionRegistry, jobDefinitions } from "./job-definitions";
import { startJobQueue, type JobQueue } from "./job-queue";
import { waitFor } from "@/lib/testing/wait-for";

// A second kind of outbound work, as the next provider will add one: a definition and a registry
// entry, nothing in the runner.
const sent: { channelId: string; text: string; attempt: number }[] = [];
let failWith: Error | null = null;
const channelMessageJob = defineJob({
  name: "test-channel-message",
  payload: z.object({ organizationId: z.string(), channelId: z.string().min(1), text: z.string() }),
  retry: { attempts: 2, delaySeconds: 1, delayMaxSeconds: 1, expireInSeconds: 30 },
  history: (payload) => ({ organizationId: payload.organizationId, integrationId: null, provider: "discord", kind: "notification" }),
  async handler(payload, ctx) {
    ctx.setExternalKey(payload.channelId);
    if (failWith) throw failWith;
    const notifications = ctx.providers.get("discord")?.notifications;
    if (!notifications) return { outcome: "skipped", reason: "no notifications for discord" };
    await notifications.send(ctx.db, { organizationId: payload.organizationId, integrationId: "none", channelId: payload.channelId, message: { text: payload.text } });
    sent.push({ channelId: payload.channelId, text: payload.text, attempt: ctx.attempt });
    return { outcome: "applied", detail: `posted to ${payload.channelId}` };
  },
});
const definitions = createJobDefinitionRegistry([...jobDefinitions.values(), channelMessageJob as AnyJobDefinition]);
const providers = createProviderRegistry([{ name: "discord", notifications: { send: async () => ({}) } }]);

describe("job definitions on the generic runner (PGlite)", () => {
  let database: Database;
  let queue: JobQueue | null = null;
  let organizationId: string;
  const start = async () => (queue = await startJobQueue(database, { definitions, providers, pollingIntervalSeconds: 0.5 }));
  const rowsOf = (channelId: string) => database.prisma.syncEvent.findMany({ where: { externalKey: channelId }, orderBy: [{ createdAt: "asc" }, { attempt: "asc" }] });

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    organizationId = (await createOrganizationWithProject(database.prisma, { members: 1 })).organization.id;
  });
  afterEach(async () => {
    await queue?.stop();
    queue = null;
    failWith = null;
    sent.length = 0;
  });
  afterAll(async () => {
    await database.close();
  });

  const enqueue = (channelId: string, text = "hello") =>
    database.prisma.$transaction((tx) =>
      enqueueOutboxJob(tx, channelMessageJob, { organizationId, channelId, text }, { organizationId, integrationId: null, provider: "discord", kind: "notification", externalKey: channelId }),
    );

  it("an outbox row of a new definition is sent after commit, and its row becomes the attempt's record", async () => {
    await start();
    const request = await enqueue("c-1");
    const outboxRow = await database.prisma.syncEvent.findUniqueOrThrow({ where: { id: request.syncEventId } });
    expect(outboxRow).toMatchObject({ outcome: "pending", job: "test-channel-message", jobId: null, direction: "outbound", payload: { organizationId, channelId: "c-1", text: "hello" } });
    await dispatchOutbox([request]);
    const [row] = await waitFor(() => rowsOf("c-1"), (rows) => rows[0]?.outcome === "applied");
    expect(row).toMatchObject({ id: request.syncEventId, outcome: "applied", attempt: 1, reason: "posted to c-1" });
    expect(sent).toEqual([{ channelId: "c-1", text: "hello", attempt: 1 }]);
  });

  it("rows left by a stopped queue are swept on start; a permanent error fails at once", async () => {
    await enqueue("c-2", "while down");
    await start();
    await waitFor(() => rowsOf("c-2"), (rows) => rows[0]?.outcome === "applied");
    await queue?.stop();
    failWith = new PermanentSyncError("channel deleted");
    await enqueue("c-3");
    await start();
    const [row] = await waitFor(() => rowsOf("c-3"), (rows) => rows[0]?.outcome === "failed");
    expect(row).toMatchObject({ error: "channel deleted", reason: "not retryable" });
  });

  it("a row whose payload does not parse is recorded as failed, never sent; a row of an unknown job waits", async () => {
    const base = { organizationId, provider: "discord" as const, direction: "outbound" as const, kind: "notification" as const, outcome: "pending" as const, attempt: 0 };
    const bad = await database.prisma.syncEvent.create({ data: { ...base, externalKey: "c-bad", job: channelMessageJob.name, payload: { organizationId, channelId: "", text: 3 } } });
    const unknown = await database.prisma.syncEvent.create({ data: { ...base, externalKey: "c-later", job: "added-by-a-newer-build", payload: {} } });
    await start();
    expect(await database.prisma.syncEvent.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({ outcome: "failed", reason: "not retryable" });
    expect((await database.prisma.syncEvent.findUniqueOrThrow({ where: { id: bad.id } })).error).toMatch(/^invalid test-channel-message payload: channelId/);
    expect(await database.prisma.syncEvent.findUniqueOrThrow({ where: { id: unknown.id } })).toMatchObject({ outcome: "pending", jobId: null });
    expect(sent).toEqual([]);
  });

  it("job data that does not parse (sent by hand) settles its row as failed instead of retrying", async () => {
    const q = await start();
    const request = await enqueue("c-hand");
    const jobId = await q.boss.send("tether-job-test-channel-message", { attemptOffset: 0, syncEventId: request.syncEventId, organizationId, text: "no channel" });
    const [row] = await waitFor(() => rowsOf("c-hand"), (rows) => rows[0]?.outcome === "failed");
    expect(row).toMatchObject({ jobId, reason: "not retryable" });
    expect(row.error).toMatch(/channelId/);
    expect(sent).toEqual([]);
  });
});
