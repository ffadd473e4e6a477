import type { Db } from "@/lib/db/client";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { notFound } from "@/lib/errors";

/**
 * Removes a group's link to an external issue; the ExternalIssue goes too when no other group
 * references it. Unlinking what is not linked is not an error (idempotent), but a group of another
 * organization is a 404.
 */
export async function unlinkExternalIssue(db: Db, input: { organizationId: string; groupId: string; externalIssueId: string; userId: string | null }): Promise<{ removed: boolean }> {
  return db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: input.groupId, project: { organizationId: input.organizationId } }, select: { id: true } });
    if (!group) throw notFound("Group not found");
    const external = await tx.externalIssue.findFirst({
      where: { id: input.externalIssueId, organizationId: input.organizationId },
      include: { integration: { select: { provider: true } } },
    });
    if (!external) return { removed: false };
    const deleted = await tx.groupLink.deleteMany({ where: { groupId: group.id, externalIssueId: external.id } });
    if (deleted.count === 0) return { removed: false };
    await tx.activity.create({
      data: { groupId: group.id, type: "unlink_issue", userId: input.userId, data: { label: external.key, location: external.webUrl, integrationId: external.integrationId } },
    });
    await recordSyncEvent(tx, {
      organizationId: input.organizationId,
      integrationId: external.integrationId,
      provider: external.integration.provider,
      direction: "outbound",
      kind: "unlink",
      outcome: "applied",
      groupId: group.id,
      externalKey: external.key,
      reason: "unlinked from the group",
    });
    const remaining = await tx.groupLink.count({ where: { externalIssueId: external.id } });
    if (remaining === 0) await tx.externalIssue.delete({ where: { id: external.id } });
    return { removed: true };
  });
}
