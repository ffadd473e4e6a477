import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { subscribeGroupEvents, type GroupEvent } from "@/lib/domain/group-events";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";
import { ingestEvents, type IngestProject } from "./ingest-events";
import { eventInputSchema, type EventInput } from "./schema";

const events = (inputs: unknown[]): EventInput[] => inputs.map((input) => eventInputSchema.parse(input));

describe.each(await testDatabaseKinds())("ingestEvents on %s", (kind) => {
  let database: Database;
  let project: IngestProject;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const org = await createOrganizationFixture(database.prisma);
    project = await createProjectFixture(database.prisma, org.id, { slug: "web" });
  });
  afterAll(() => database.close());

  it("groups by custom fingerprint across exception types and hands out consecutive short ids", async () => {
    const result = await ingestEvents(database.prisma, {
      project,
      events: events([
        { exception: { type: "A" }, fingerprint: ["payments"] },
        { exception: { type: "B" }, fingerprint: ["payments"] },
        { message: "Disk 91% full" },
        { message: "Disk 97% full" },
      ]),
    });
    expect(result.accepted).toBe(4);
    const [a, b, c, d] = result.groups;
    expect(a.id).toBe(b.id);
    expect(c.id).toBe(d.id);
    expect([a.shortId, c.shortId].sort()).toEqual([1, 2]);
    expect(a.qualifiedShortId).toBe(`WEB-${a.shortId}`);
    expect((await database.prisma.project.findUniqueOrThrow({ where: { id: project.id } })).nextShortId).toBe(3);
  });

  it("tells subscribers about a regression only after it committed", async () => {
    const [first] = (await ingestEvents(database.prisma, { project, events: events([{ exception: { type: "Regressing" } }]) })).groups;
    await database.prisma.group.update({ where: { id: first.id }, data: { status: "resolved", resolvedAt: new Date() } });
    const seen: { event: GroupEvent; status: string | undefined }[] = [];
    const unsubscribe = subscribeGroupEvents(async (event) => {
      seen.push({ event, status: (await database.prisma.group.findUnique({ where: { id: event.groupId } }))?.status });
    });
    try {
      await ingestEvents(database.prisma, { project, events: events([{ exception: { type: "Regressing" } }, { exception: { type: "Regressing" } }]) });
    } finally {
      unsubscribe();
    }
    expect(seen).toEqual([{ event: expect.objectContaining({ type: "regressed", groupId: first.id, projectId: project.id }), status: "unresolved" }]);
  });

  it("writes nothing when the batch fails part-way", async () => {
    const before = await database.prisma.release.count();
    const missing = { ...project, id: "no-such-project" };
    await expect(ingestEvents(database.prisma, { project: missing, events: events([{ message: "x", release: "7.0.0" }]) })).rejects.toThrow();
    expect(await database.prisma.release.count()).toBe(before);
  });

  it("keeps counts exact under concurrent batches sharing new and known fingerprints", async () => {
    const types = ["C1", "C2", "C3", "C4", "C5", "A"];
    const batches = Array.from({ length: 6 }, (_, b) =>
      events(Array.from({ length: 30 }, (_, i) => ({ exception: { type: types[(b + i) % types.length] }, fingerprint: i % 2 ? undefined : ["{{ default }}"] }))),
    );
    const before = await database.prisma.event.count();
    const results = await Promise.all(batches.map((batch) => ingestEvents(database.prisma, { project, events: batch })));
    expect(results.every((r) => r.accepted === 30)).toBe(true);
    expect((await database.prisma.event.count()) - before).toBe(180);
    const groups = await database.prisma.group.findMany({ where: { projectId: project.id, id: { in: results.flatMap((r) => r.groups.map((g) => g.id)) } }, include: { _count: { select: { events: true } } } });
    expect(groups.every((g) => g._count.events === g.timesSeen)).toBe(true);
    // `["{{ default }}"]` is the default grouping: one group per type.
    expect(groups).toHaveLength(6);
    // Each group was created by exactly one of the racing batches.
    for (const group of groups) expect(results.filter((r) => r.groups.some((g) => g.id === group.id && g.created))).toHaveLength(1);
  });
  it("keeps distinct users and hourly event counts per group, counting a re-sent event once", async () => {
    const hour = Date.UTC(2026, 10, 20, 9);
    const id = (n: number) => n.toString(16).padStart(32, "0");
    const batch = events([
      { eventId: id(1), message: "Users counted", user: { id: "u1" }, timestamp: new Date(hour + 60_000).toISOString() },
      { eventId: id(2), message: "Users counted", user: { id: "u2" }, timestamp: new Date(hour + 120_000).toISOString() },
      { eventId: id(3), message: "Users counted", user: { id: "u1" }, timestamp: new Date(hour + 3_600_000 + 5_000).toISOString() },
      { eventId: id(4), message: "Users counted", timestamp: new Date(hour + 3_600_000 + 6_000).toISOString() },
    ]);
    const [created] = (await ingestEvents(database.prisma, { project, events: batch })).groups;
    const state = async () => ({
      userCount: (await database.prisma.group.findUniqueOrThrow({ where: { id: created.id } })).userCount,
      users: (await database.prisma.groupUser.findMany({ where: { groupId: created.id }, orderBy: { userTag: "asc" } })).map((u) => u.userTag),
      buckets: (await database.prisma.groupEventBucket.findMany({ where: { groupId: created.id }, orderBy: { hour: "asc" } })).map((b) => [b.hour.toISOString(), b.count]),
    });
    const first = await state();
    expect(first.userCount).toBe(2);
    expect(first.users).toHaveLength(2);
    expect(first.buckets).toEqual([[new Date(hour).toISOString(), 2], [new Date(hour + 3_600_000).toISOString(), 2]]);

    // The same events again (an SDK retry) change nothing; a new event from a new user and one from a known user do.
    expect((await ingestEvents(database.prisma, { project, events: batch })).groups.every((g) => g.duplicate)).toBe(true);
    expect(await state()).toEqual(first);
    await ingestEvents(database.prisma, {
      project,
      events: events([
        { eventId: id(5), message: "Users counted", user: { email: "u3@example.com" }, timestamp: new Date(hour + 600_000).toISOString() },
        { eventId: id(6), message: "Users counted", user: { id: "u2" }, timestamp: new Date(hour + 7_200_000).toISOString() },
      ]),
    });
    const after = await state();
    expect(after.userCount).toBe(3);
    expect(after.users).toHaveLength(3);
    expect(after.buckets).toEqual([
      [new Date(hour).toISOString(), 3],
      [new Date(hour + 3_600_000).toISOString(), 2],
      [new Date(hour + 7_200_000).toISOString(), 1],
    ]);
  });
});
