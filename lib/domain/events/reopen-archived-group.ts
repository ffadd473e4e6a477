import type { PendingChange, Tx } from "@/lib/domain/group-actions/group-change";
import { appendGroupHistory, changeEventBase, recordActivity } from "@/lib/domain/group-actions/group-change";
import { formatSource, type ChangeSource } from "@/lib/domain/group-actions/change-context";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";

const INGEST_SOURCE: ChangeSource = { kind: "api" };

/** Escalation: at least this many events in the last day, and this many times the usual daily rate. */
export const ESCALATION_MIN_EVENTS = 10;
export const ESCALATION_FACTOR = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

type Details = { ignoreUntil?: unknown; ignoreCount?: unknown; ignoreWindow?: unknown };

/** When the group was last archived (its newest archive history entry). */
async function archivedAtOf(tx: Tx, groupId: string): Promise<Date | undefined> {
  const entry = await tx.groupHistory.findFirst({
    where: { groupId, status: { in: ["archived_until_condition_met", "archived_until_escalating", "archived_forever"] } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return entry?.createdAt;
}

/**
 * Why an archived group is due back, or null while its archive condition still holds. It runs for
 * archived groups in every ingested batch, so the archive time is read only by the conditions
 * that count events since then.
 */
async function dueReason(tx: Tx, group: { id: string; substatus: string | null; statusDetails: unknown }, now: Date): Promise<{ reason: string; escalating: boolean } | null> {
  const details = (group.statusDetails ?? {}) as Details;
  if (group.substatus === "until_condition_met") {
    if (typeof details.ignoreUntil === "string" && new Date(details.ignoreUntil) <= now) return { reason: "the archive period ended", escalating: false };
    if (typeof details.ignoreCount !== "number") return null;
    const archivedAt = await archivedAtOf(tx, group.id);
    if (!archivedAt) return null;
    const windowStart = typeof details.ignoreWindow === "number" ? new Date(now.getTime() - details.ignoreWindow * 60_000) : archivedAt;
    const since = windowStart > archivedAt ? windowStart : archivedAt;
    const seen = await tx.event.count({ where: { groupId: group.id, receivedAt: { gt: since } } });
    return seen >= details.ignoreCount ? { reason: `seen ${seen} times since it was archived`, escalating: false } : null;
  }
  if (group.substatus !== "until_escalating") return null;
  const archivedAt = await archivedAtOf(tx, group.id);
  if (!archivedAt) return null;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const recent = await tx.event.count({ where: { groupId: group.id, receivedAt: { gt: archivedAt > dayAgo ? archivedAt : dayAgo } } });
  if (recent < ESCALATION_MIN_EVENTS) return null;
  const weekBefore = await tx.event.count({ where: { groupId: group.id, timestamp: { gte: new Date(archivedAt.getTime() - 7 * DAY_MS), lt: archivedAt } } });
  if (recent >= ESCALATION_FACTOR * (weekBefore / 7)) return { reason: `escalating: ${recent} events in a day against ${Math.round(weekBefore / 7)} a day before it was archived`, escalating: true };
  return null;
}

/**
 * An archived group whose condition is met (its period ended, it was seen N more times, or it
 * escalates) comes back as unresolved — with the trail, the status sync to linked issues and the
 * domain event of any other reopening. Archived "forever" stays archived.
 */
export async function reopenArchivedGroupIfDue(tx: Tx, pending: PendingChange, input: { project: { id: string; organizationId: string }; groupId: string; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  const group = await tx.group.findUniqueOrThrow({ where: { id: input.groupId }, select: { id: true, status: true, substatus: true, statusDetails: true } });
  if (group.status !== "ignored") return false;
  const due = await dueReason(tx, group, now);
  if (!due) return false;
  const substatus = due.escalating ? "escalating" : "ongoing";
  await tx.group.update({ where: { id: group.id }, data: { status: "unresolved", substatus, statusDetails: {} } });
  recordActivity(pending, { groupId: group.id, type: "set_unresolved", userId: null, data: { reason: due.reason, escalating: due.escalating, source: { ...INGEST_SOURCE } }, at: now });
  appendGroupHistory(pending, { groupId: group.id, status: due.escalating ? "escalating" : "unresolved", actorUserId: null, source: formatSource(INGEST_SOURCE), at: now });
  requestOutboundSync(pending, { organizationId: input.project.organizationId, groupId: group.id, kind: "status", source: INGEST_SOURCE, reason: due.reason });
  pending.events.push({
    ...changeEventBase({ organizationId: input.project.organizationId, source: INGEST_SOURCE }, { id: group.id, projectId: input.project.id }, null, now),
    type: "unresolved",
  });
  return true;
}
