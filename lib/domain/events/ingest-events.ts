import type { Db } from "@/lib/db/client";
import { recordActivity, runGroupChange, type PendingChange, type Tx } from "@/lib/domain/group-actions/group-change";
import { formatShortId } from "@/lib/domain/groups/short-id";
import { requestIssueAlerts, type IssueAlertFiring } from "@/lib/domain/alerts/issue-alert-firing";
import { applyOwnershipRules } from "@/lib/domain/ownership/apply-ownership-rules";
import { logger } from "@/lib/logger";
import { ensureReleases } from "./ensure-releases";
import { lockOrCreateGroups, timeBounds, type IngestGroup } from "./lock-groups";
import { prepareEvent, type IngestEventInput, type PreparedEvent } from "./prepare-event";
import { regressGroup } from "./regress-group";
import { reopenArchivedGroupIfDue } from "./reopen-archived-group";
import { storeEvents, storedEventKey, type EventToStore } from "./store-events";

export interface IngestProject {
  id: string;
  slug: string;
  organizationId: string;
}

/** What happened to one event, in the order the events were sent. */
export interface IngestedEvent {
  /** The group's id. */
  id: string;
  shortId: number;
  qualifiedShortId: string;
  eventId: string;
  /** This request created the event's group. */
  created: boolean;
  /** This request reopened the event's resolved group. */
  regressed: boolean;
  /** The group already had an event with this id; it was not counted again. */
  duplicate: boolean;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  groups: IngestedEvent[];
}


/**
 * Stores a batch of validated events: each joins the group of its fingerprint (created when new),
 * updates its counters and times, and reopens it when it was resolved. All or nothing, one
 * transaction; a repeated event id (in the batch or already stored for that group) is skipped.
 */
export async function ingestEvents(db: Db, input: { project: IngestProject; events: readonly IngestEventInput[]; receivedAt?: Date }): Promise<IngestResult> {
  const receivedAt = input.receivedAt ?? new Date();
  const prepared = input.events.map((event) => prepareEvent(event, receivedAt));
  const { unique, repeatedInBatch } = splitRepeats(prepared);

  const outcome = await runGroupChange(db, async (tx, pending) => {
    const releaseIds = await ensureReleases(tx, input.project.id, prepared.flatMap((event) => (event.release ? [event.release] : [])));
    const groups = await lockOrCreateGroups(tx, { projectId: input.project.id, eventsByFingerprint: unique, releaseIds });
    // Known groups' counters ride in the events' statement; new groups were created with theirs.
    const countInto = [...groups.values()].filter((group) => !group.created).map((group) => group.id);
    const inserted = await storeEvents(tx, eventsToStore(input.project.id, groups, unique, releaseIds), receivedAt, { countInto });
    const fresh = new Map<string, PreparedEvent[]>();
    for (const [fingerprint, events] of unique) {
      const group = groups.get(fingerprint)!;
      fresh.set(fingerprint, events.filter((event) => inserted.has(storedEventKey(group.id, event.eventId))));
    }
    const regressed = await updateGroups(tx, pending, { project: input.project, groups, fresh, releaseIds });
    requestIssueAlerts(pending, { projectId: input.project.id, firings: issueAlertFirings(groups, fresh, regressed) });
    return { groups, inserted, regressed };
  });

  const groups: IngestedEvent[] = prepared.map((event, index) => {
    const group = outcome.groups.get(event.fingerprint)!;
    return {
      id: group.id,
      shortId: group.shortId,
      qualifiedShortId: formatShortId(input.project.slug, group.shortId),
      eventId: event.eventId,
      created: group.created,
      regressed: outcome.regressed.has(group.id),
      duplicate: repeatedInBatch.has(index) || !outcome.inserted.has(storedEventKey(group.id, event.eventId)),
    };
  });
  const duplicates = groups.filter((entry) => entry.duplicate).length;
  await assignOwners(db, input.project, groups);
  return { accepted: groups.length - duplicates, duplicates, groups };
}

/** New and regressed groups get their owner from the project's ownership rules, after the commit. */
async function assignOwners(db: Db, project: IngestProject, groups: IngestedEvent[]): Promise<void> {
  const candidates = [...new Set(groups.filter((g) => g.created || g.regressed).map((g) => g.id))];
  if (candidates.length === 0 || (await db.ownershipRule.count({ where: { projectId: project.id } })) === 0) return;
  for (const groupId of candidates) {
    try {
      await applyOwnershipRules(db, { organizationId: project.organizationId, groupId });
    } catch (err) {
      // The events are stored; a failed auto-assignment must not turn the request into an error.
      logger.error({ err, groupId }, "ownership rules could not be applied");
    }
  }
}

/** New groups fire with their first event, regressed ones with the event that reopened them (the earliest new one). */
function issueAlertFirings(groups: ReadonlyMap<string, IngestGroup>, fresh: ReadonlyMap<string, PreparedEvent[]>, regressed: ReadonlySet<string>): IssueAlertFiring[] {
  const firings: IssueAlertFiring[] = [];
  for (const [fingerprint, events] of fresh) {
    const group = groups.get(fingerprint)!;
    if (events.length === 0) continue;
    if (group.created) firings.push({ groupId: group.id, eventId: events[0].eventId, trigger: "new_group" });
    else if (regressed.has(group.id)) firings.push({ groupId: group.id, eventId: timeBounds(events).earliest.eventId, trigger: "regression" });
  }
  return firings;
}

/** Events by fingerprint, keeping the first of any event id sent twice for the same fingerprint. */
function splitRepeats(events: readonly PreparedEvent[]) {
  const unique = new Map<string, PreparedEvent[]>();
  const seen = new Set<string>();
  const repeatedInBatch = new Set<number>();
  events.forEach((event, index) => {
    const key = `${event.fingerprint}:${event.eventId}`;
    if (seen.has(key)) {
      repeatedInBatch.add(index);
      return;
    }
    seen.add(key);
    const list = unique.get(event.fingerprint);
    if (list) list.push(event);
    else unique.set(event.fingerprint, [event]);
  });
  return { unique, repeatedInBatch };
}

function eventsToStore(
  projectId: string,
  groups: ReadonlyMap<string, IngestGroup>,
  eventsByFingerprint: ReadonlyMap<string, PreparedEvent[]>,
  releaseIds: ReadonlyMap<string, string>,
): EventToStore[] {
  const rows: EventToStore[] = [];
  for (const [fingerprint, events] of eventsByFingerprint) {
    const groupId = groups.get(fingerprint)!.id;
    for (const event of events) rows.push({ groupId, projectId, event, releaseId: event.release ? (releaseIds.get(event.release) ?? null) : null });
  }
  return rows;
}

/** The first_seen trail of new groups, regressions, archived groups due back; returns the ids of regressed groups. */
async function updateGroups(
  tx: Tx,
  pending: PendingChange,
  input: { project: IngestProject; groups: ReadonlyMap<string, IngestGroup>; fresh: ReadonlyMap<string, PreparedEvent[]>; releaseIds: ReadonlyMap<string, string> },
): Promise<Set<string>> {
  const toRegress: { groupId: string; event: PreparedEvent }[] = [];
  const archived: string[] = [];
  for (const [fingerprint, events] of input.fresh) {
    const group = input.groups.get(fingerprint)!;
    if (group.created) {
      // Buffered: written with the change's other trail, in the statement before the commit.
      recordActivity(pending, { groupId: group.id, type: "first_seen", userId: null, data: { event_id: events[0].eventId }, at: group.firstSeen });
      continue;
    }
    if (events.length === 0) continue;
    const { earliest } = timeBounds(events);
    if (group.status === "resolved") toRegress.push({ groupId: group.id, event: earliest });
    if (group.status === "ignored") archived.push(group.id);
  }
  for (const { groupId, event } of toRegress) await regressGroup(tx, pending, { project: input.project, groupId, event, releaseIds: input.releaseIds });
  // Archived groups keep counting events; once their archive condition is met they come back.
  for (const groupId of archived) await reopenArchivedGroupIfDue(tx, pending, { project: input.project, groupId });
  return new Set(toRegress.map((entry) => entry.groupId));
}
