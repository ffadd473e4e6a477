// A component's group action is all or nothing: a refusal after some writes leaves none of them,
// while the interaction's own transaction (its sync-history row) still commits.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordActivity, runGroupChange } from "@/lib/domain/group-actions/group-change";
import { badRequest } from "@/lib/errors";
import { testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { applyResolution } from "@/lib/domain/group-actions/resolve-group";
import { useTestDatabase } from "@/lib/testing/test-database";
import { act } from "./message-components";

describe.each(await testDatabaseKinds())("a component's group action on %s", (kind) => {
  const database = useTestDatabase(kind);

  async function fixture() {
    const db = database().prisma;
    const world = await createOrganizationWithProject(db, { members: 1 });
    const group = await createGroup(db, world.project.id);
    return { db, world, group, target: { id: group.id, projectId: group.projectId, organizationId: world.organization.id } };
  }

  it("undoes what a refused action wrote, directly and buffered, and keeps the rest of the change", async () => {
    const { db, world, group, target } = await fixture();
    const result = await runGroupChange(db, async (tx, pending) => {
      const outcome = await act({ tx, pending }, target, async (innerTx, innerPending, locked) => {
        await innerTx.group.update({ where: { id: locked.id }, data: { status: "resolved" } });
        recordActivity(innerPending, { groupId: locked.id, type: "set_resolved", userId: null, data: {}, at: new Date() });
        innerPending.events.push({ type: "unresolved", organizationId: world.organization.id, projectId: locked.projectId, groupId: locked.id, actorUserId: null, source: { kind: "discord" }, occurredAt: new Date() });
        throw badRequest("refused after writing");
      });
      // The interaction's own trail, after the refusal: it commits.
      recordActivity(pending, { groupId: group.id, type: "note", userId: null, data: { text: "kept" }, at: new Date() });
      expect(pending.events).toEqual([]);
      return outcome;
    });
    expect(result).toEqual({ ok: false, message: "refused after writing" });
    expect((await db.group.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("unresolved");
    expect((await db.activity.findMany({ where: { groupId: group.id } })).map((row) => row.type)).toEqual(["note"]);
  });

  it("recovers a transaction whose failed statement was refused (PostgreSQL aborts it until the savepoint)", async () => {
    const { db, group, target } = await fixture();
    const result = await runGroupChange(db, async (tx, pending) => {
      const outcome = await act({ tx, pending }, target, async (innerTx) => {
        try {
          await innerTx.$executeRaw(Prisma.sql`INSERT INTO "Group" (id) VALUES (${group.id})`);
        } catch {
          throw badRequest("duplicate");
        }
        return { groupId: group.id, changed: true };
      });
      await tx.group.update({ where: { id: group.id }, data: { title: "still writable" } });
      return outcome;
    });
    expect(result).toEqual({ ok: false, message: "duplicate" });
    expect((await db.group.findUniqueOrThrow({ where: { id: group.id } })).title).toBe("still writable");
  });

  it("hands a successful action's events and outbound syncs to the change, to be released after commit", async () => {
    const { db, world, group, target } = await fixture();
    await linkExternalIssue(db, { organizationId: world.organization.id, groupId: group.id, config: { sync_status_forward: true } });
    await runGroupChange(db, async (tx, pending) => {
      const outcome = await act({ tx, pending }, target, (innerTx, innerPending, locked) =>
        applyResolution(innerTx, innerPending, locked, { organizationId: target.organizationId, groupId: group.id, actor: { system: true }, source: { kind: "discord" } }),
      );
      expect(outcome).toEqual({ ok: true, changed: true });
      expect(pending.events.map((event) => event.type)).toEqual(["resolved"]);
      expect(pending.outbound).toHaveLength(1);
    });
    expect((await db.group.findUniqueOrThrow({ where: { id: group.id } })).status).toBe("resolved");
  });

  it("fails the whole change on anything but a refusal", async () => {
    const { db, group, target } = await fixture();
    await expect(
      runGroupChange(db, async (tx, pending) =>
        act({ tx, pending }, target, async (innerTx, _innerPending, locked) => {
          await innerTx.group.update({ where: { id: locked.id }, data: { title: "half" } });
          throw new Error("Tether failed");
        }),
      ),
    ).rejects.toThrow("Tether failed");
    expect((await db.group.findUniqueOrThrow({ where: { id: group.id } })).title).not.toBe("half");
  });
});
