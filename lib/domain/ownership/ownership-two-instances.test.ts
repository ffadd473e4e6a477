// Defect 16: two app instances on one PostgreSQL database. Each instance has its own "has an
// assignee" cache and hears only its own group events, so instance B's manual assignment is never
// announced to instance A. An ownership rule applied on A must still never overwrite it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { applyAssignment } from "@/lib/domain/group-actions/assign-group";
import { lockGroup, newPendingChange } from "@/lib/domain/group-actions/group-change";
import { computeFingerprint } from "@/lib/domain/events/fingerprint";
import { ingestEvents } from "@/lib/domain/events/ingest-events";
import { eventInputSchema } from "@/lib/domain/events/schema";
import { createTestDatabase, openAnotherInstance, postgresReachable } from "@/lib/testing/db";
import { createGroup, createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { applyOwnershipRules } from "./apply-ownership-rules";
import { groupHasAssignee } from "./assignee-cache";
import { saveOwnershipRules } from "./save-ownership-rules";

describe.skipIf(!(await postgresReachable()))("ownership rules with two instances on postgres", () => {
  let instanceA: Database;
  let instanceB: Database;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;
  let ruleOwner: { id: string; email: string };
  let person: { id: string };

  beforeAll(async () => {
    instanceA = await createTestDatabase("postgres");
    instanceB = await openAnotherInstance(instanceA);
    org = await createOrganizationWithProject(instanceA.prisma, { members: 1 });
    person = org.users[0];
    ruleOwner = await createMember(instanceA.prisma, org.organization.id, { teamId: org.team.id });
    await saveOwnershipRules(instanceA.prisma, { organizationId: org.organization.id, projectId: org.project.id, text: `path:src/billing/** ${ruleOwner.email}` });
  });
  afterAll(async () => {
    await instanceB?.close();
    await instanceA?.close();
  });

  const billingGroup = async (data: { status?: "resolved"; fingerprint?: string } = {}) => {
    const group = await createGroup(instanceA.prisma, org.project.id, data);
    await instanceA.prisma.event.create({
      data: { groupId: group.id, projectId: org.project.id, eventId: crypto.randomUUID().replace(/-/g, ""), timestamp: new Date(), title: group.title, frames: [{ filename: "src/billing/invoice.ts" }] },
    });
    return group;
  };

  /**
   * A manual assignment as instance B makes it, in its own transaction; its group events reach
   * only B's subscribers, so they are not published here. `beforeCommit` runs holding B's locks.
   */
  const assignOnB = (groupId: string, beforeCommit: () => Promise<void> = async () => undefined) =>
    instanceB.prisma.$transaction(
      async (tx) => {
        const group = await lockGroup(tx, org.organization.id, groupId);
        const pending = newPendingChange();
        await applyAssignment(tx, pending, group, {
          organizationId: org.organization.id,
          groupId,
          actor: { userId: person.id },
          source: { kind: "dashboard" },
          assignee: { type: "user", id: person.id },
        });
        await pending.writes.flush(tx);
        await beforeCommit();
      },
      { timeout: 20_000 },
    );

  const assigneeOf = async (groupId: string) => (await instanceA.prisma.groupAssignee.findUnique({ where: { groupId } }))?.userId ?? null;

  it("defect 16: A's warm cache does not let a rule overwrite B's manual assignment", async () => {
    const fingerprint = [`billing-${crypto.randomUUID()}`];
    const group = await billingGroup({ status: "resolved", fingerprint: computeFingerprint({ fingerprint }) });
    expect(await groupHasAssignee(instanceA.prisma, group.id)).toBe(false);
    await assignOnB(group.id);
    // A regressing event on A: the rules are applied to the group after the events are stored.
    const event = eventInputSchema.parse({ message: "again", fingerprint, stacktrace: { frames: [{ filename: "src/billing/invoice.ts" }] } });
    const result = await ingestEvents(instanceA.prisma, { project: org.project, events: [event] });
    expect(result.groups[0]).toMatchObject({ id: group.id, regressed: true });
    expect(await assigneeOf(group.id)).toBe(person.id);
  });

  it("defect 16: a manual assignment committed on B while A applies the rule is never overwritten", async () => {
    const group = await billingGroup();
    expect(await groupHasAssignee(instanceA.prisma, group.id)).toBe(false);
    let applied: ReturnType<typeof applyOwnershipRules> | undefined;
    await assignOnB(group.id, async () => {
      // A evaluates the rules while B's assignment is not committed yet; B commits once A waits for the group.
      applied = applyOwnershipRules(instanceA.prisma, { organizationId: org.organization.id, groupId: group.id });
      applied.catch(() => undefined);
      await waitForLockWaiter(instanceB);
    });
    expect(await applied).toMatchObject({ assigned: false });
    expect(await assigneeOf(group.id)).toBe(person.id);
    const rows = await instanceA.prisma.activity.findMany({ where: { groupId: group.id, type: "assigned" } });
    expect(rows).toHaveLength(1);
  });
});

/** Resolves once some other session of this database waits for a row lock (or fails after 10 s). */
async function waitForLockWaiter(database: Database): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await database.prisma.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("instance A never waited for the group lock");
}
