import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { archiveGroup } from "@/lib/domain/group-actions";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { ingestEvents } from "./ingest-events";
import { parseEventPayload } from "./schema";

describe.each(await testDatabaseKinds())("archived groups come back when their condition is met, on %s", (kind) => {
  let database: Database;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await createOrganizationWithProject(database.prisma, { members: 1 });
  });
  afterAll(() => database.close());

  const project = () => ({ id: org.project.id, slug: org.project.slug, organizationId: org.organization.id });
  async function send(type: string, n: number) {
    const events = parseEventPayload(Array.from({ length: n }, () => ({ exception: { type, value: "boom" } })));
    return ingestEvents(database.prisma, { project: project(), events });
  }
  async function archivedGroup(condition: Parameters<typeof archiveGroup>[1]["condition"]) {
    const type = `E${randomBytes(4).toString("hex")}`;
    const groupId = (await send(type, 1)).groups[0].id;
    await archiveGroup(database.prisma, { organizationId: org.organization.id, groupId, actor: { userId: org.users[0].id }, source: { kind: "dashboard" }, condition });
    return { type, groupId };
  }
  const state = async (groupId: string) => {
    const g = await database.prisma.group.findUniqueOrThrow({ where: { id: groupId } });
    return `${g.status}/${g.substatus}`;
  };

  it("after a count of new events", async () => {
    const { type, groupId } = await archivedGroup({ until: "count", count: 3 });
    await send(type, 2);
    expect(await state(groupId)).toBe("ignored/until_condition_met");
    await send(type, 1);
    expect(await state(groupId)).toBe("unresolved/ongoing");
    const activity = await database.prisma.activity.findFirstOrThrow({ where: { groupId, type: "set_unresolved" } });
    expect(activity.data).toMatchObject({ reason: "seen 3 times since it was archived", escalating: false });
  });

  it("once the archive period has ended", async () => {
    const { type, groupId } = await archivedGroup({ until: "duration", minutes: 60 });
    await send(type, 1);
    expect(await state(groupId)).toBe("ignored/until_condition_met");
    await database.prisma.group.update({ where: { id: groupId }, data: { statusDetails: { ignoreDuration: 60, ignoreUntil: new Date(Date.now() - 1000).toISOString() } } });
    await send(type, 1);
    expect(await state(groupId)).toBe("unresolved/ongoing");
  });

  it("when it escalates, and never when archived forever", async () => {
    const escalating = await archivedGroup({ until: "escalating" });
    await send(escalating.type, 5);
    expect(await state(escalating.groupId)).toBe("ignored/until_escalating");
    await send(escalating.type, 5);
    expect(await state(escalating.groupId)).toBe("unresolved/escalating");
    const history = await database.prisma.groupHistory.findFirstOrThrow({ where: { groupId: escalating.groupId }, orderBy: { createdAt: "desc" } });
    expect(history.status).toBe("escalating");

    const forever = await archivedGroup({ until: "forever" });
    await send(forever.type, 20);
    expect(await state(forever.groupId)).toBe("ignored/forever");
  });
});
