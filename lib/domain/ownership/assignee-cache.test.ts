import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { assignGroup, deassignGroup } from "@/lib/domain/group-actions";
import { SYSTEM_ACTOR } from "@/lib/domain/group-actions/change-context";
import { createTestDatabase } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { groupHasAssignee } from "./assignee-cache";

describe("the cached 'has assignee' lookup", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(async () => {
    await database.close();
  });

  it("follows every committed assignment and deassignment", async () => {
    const db = database.prisma;
    const world = await createOrganizationWithProject(db, { members: 1 });
    const group = await createGroup(db, world.project.id);
    const ref = { organizationId: world.organization.id, groupId: group.id, actor: SYSTEM_ACTOR, source: { kind: "dashboard" as const } };
    expect(await groupHasAssignee(db, group.id)).toBe(false);
    await assignGroup(db, { ...ref, assignee: { type: "user", id: world.users[0].id } });
    expect(await groupHasAssignee(db, group.id)).toBe(true);
    await deassignGroup(db, ref);
    expect(await groupHasAssignee(db, group.id)).toBe(false);
  });
});
