import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { assignGroup, deassignGroup } from "@/lib/domain/group-actions";
import { AppError } from "@/lib/errors";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { applyOwnershipRules } from "./apply-ownership-rules";
import { readOwnershipRulesText, saveOwnershipRules } from "./save-ownership-rules";

describe.each(await testDatabaseKinds())("ownership rules on %s", (kind) => {
  let database: Database;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;
  let owner: { id: string; email: string };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    org = await createOrganizationWithProject(database.prisma, { members: 1 });
    owner = await createMember(database.prisma, org.organization.id, { teamId: org.team.id });
    await saveOwnershipRules(database.prisma, {
      organizationId: org.organization.id,
      projectId: org.project.id,
      text: `path:src/billing/** ${owner.email}\ntag:area=web* #${org.team.slug}`,
    });
  });
  afterAll(() => database.close());

  async function groupWithEvent(tags: Record<string, string>, frames: { filename: string }[]) {
    const group = await createGroup(database.prisma, org.project.id);
    await database.prisma.event.create({ data: { groupId: group.id, projectId: org.project.id, eventId: crypto.randomUUID().replace(/-/g, ""), timestamp: new Date(), title: group.title, tags, frames } });
    return group;
  }
  const ref = (groupId: string) => ({ organizationId: org.organization.id, groupId });
  const assignee = async (groupId: string) => database.prisma.groupAssignee.findUnique({ where: { groupId } });

  it("round-trips the rules text and refuses owners who cannot own the project's groups", async () => {
    expect(await readOwnershipRulesText(database.prisma, org.project.id)).toBe(`path:src/billing/** ${owner.email}\ntag:area=web* #${org.team.slug}`);
    const outsider = await createMember(database.prisma, org.organization.id);
    const error = await saveOwnershipRules(database.prisma, {
      organizationId: org.organization.id,
      projectId: org.project.id,
      text: `path:a ${outsider.email}\npath:b #no-such-team\nbroken`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(((error as AppError).details as { lines: { line: number }[] }).lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(await database.prisma.ownershipRule.count({ where: { projectId: org.project.id } })).toBe(2);
  });

  it("assigns the owner of the last matching rule, once per debounce window", async () => {
    const group = await groupWithEvent({ area: "web-checkout" }, [{ filename: "src/billing/invoice.ts" }]);
    expect(await applyOwnershipRules(database.prisma, ref(group.id))).toEqual({ assigned: true, owner: `team:${org.team.id}` });
    expect((await assignee(group.id))?.teamId).toBe(org.team.id);
    const activity = await database.prisma.activity.findFirstOrThrow({ where: { groupId: group.id, type: "assigned" } });
    expect(activity.data).toMatchObject({ source: { kind: "rule" } });
    const other = await groupWithEvent({}, [{ filename: "src/billing/x.ts" }]);
    await applyOwnershipRules(database.prisma, ref(other.id));
    await database.prisma.groupAssignee.deleteMany({ where: { groupId: other.id } });
    expect(await applyOwnershipRules(database.prisma, ref(other.id))).toMatchObject({ assigned: false });
  });

  it("never overrides a manual assignment or deassignment", async () => {
    const group = await groupWithEvent({}, [{ filename: "src/billing/x.ts" }]);
    const actor = { userId: org.users[0].id };
    await assignGroup(database.prisma, { ...ref(group.id), actor, source: { kind: "dashboard" }, assignee: { type: "user", id: org.users[0].id } });
    await deassignGroup(database.prisma, { ...ref(group.id), actor, source: { kind: "dashboard" } });
    expect(await applyOwnershipRules(database.prisma, ref(group.id))).toEqual({ assigned: false, reason: "manually assigned" });
    expect(await assignee(group.id)).toBeNull();
  });

  it("leaves unmatched groups alone", async () => {
    const group = await groupWithEvent({ area: "api" }, [{ filename: "lib/other.ts" }]);
    expect(await applyOwnershipRules(database.prisma, ref(group.id))).toEqual({ assigned: false, reason: "no match" });
  });
});
