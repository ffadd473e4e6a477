import type { PendingChange, Tx } from "@/lib/domain/group-actions/group-change";
import { appendGroupHistory, changeEventBase, recordActivity } from "@/lib/domain/group-actions/group-change";
import { formatSource, type ChangeSource } from "@/lib/domain/group-actions/change-context";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import type { PreparedEvent } from "./prepare-event";

const INGEST_SOURCE: ChangeSource = { kind: "api" };

/**
 * A resolved group saw a new event: it is a problem again. Reopened as regressed, with the same
 * trail (activity, history, status sync to linked issues) like every other status change.
 */
export async function regressGroup(
  tx: Tx,
  pending: PendingChange,
  input: { project: { id: string; organizationId: string }; groupId: string; event: PreparedEvent; releaseIds: ReadonlyMap<string, string> },
): Promise<void> {
  const at = new Date();
  const releaseId = input.event.release ? (input.releaseIds.get(input.event.release) ?? null) : null;
  await tx.group.update({
    where: { id: input.groupId },
    data: { status: "unresolved", substatus: "regressed", resolvedAt: null, statusDetails: {} },
  });
  // A resolution "in release X" no longer holds once the problem is back.
  await tx.groupResolution.deleteMany({ where: { groupId: input.groupId } });
  recordActivity(pending, {
    groupId: input.groupId,
    type: "set_regression",
    userId: null,
    data: { event_id: input.event.eventId, version: input.event.release },
    at,
  });
  appendGroupHistory(pending, { groupId: input.groupId, status: "regressed", actorUserId: null, source: formatSource(INGEST_SOURCE), releaseId, at });
  requestOutboundSync(pending, { organizationId: input.project.organizationId, groupId: input.groupId, kind: "status", source: INGEST_SOURCE, reason: "regression" });
  pending.events.push({
    ...changeEventBase({ organizationId: input.project.organizationId, source: INGEST_SOURCE }, { id: input.groupId, projectId: input.project.id }, null, at),
    type: "regressed",
  });
}
