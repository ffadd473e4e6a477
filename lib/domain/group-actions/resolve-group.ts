import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { requestOutboundSync } from "@/lib/domain/sync-history/request-outbound-sync";
import { badRequest } from "@/lib/errors";
import { actorUserId, formatSource, type ChangeInput, type ChangeResult } from "./change-context";
import { appendGroupHistory, lockGroup, recordActivity, runGroupChange, type PendingChange, type LockedGroup, type Tx, changeEventBase } from "./group-change";

/** now; in the next release (the latest release known when resolving); in the current (latest) release; in a named release. */
export const resolutionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("now") }),
  z.object({ kind: z.literal("in_next_release") }),
  z.object({ kind: z.literal("in_current_release") }),
  z.object({ kind: z.literal("in_release"), version: z.string().min(1).max(250) }),
]);
export type Resolution = z.infer<typeof resolutionSchema>;

export interface ResolveGroupInput extends ChangeInput {
  resolution?: Resolution;
}

export function resolveGroup(db: Db, input: ResolveGroupInput): Promise<ChangeResult> {
  return runGroupChange(db, async (tx, pending) => {
    const group = await lockGroup(tx, input.organizationId, input.groupId);
    return applyResolution(tx, pending, group, input);
  });
}

async function findRelease(tx: Tx, projectId: string, resolution: Resolution) {
  if (resolution.kind === "now") return null;
  if (resolution.kind === "in_release") {
    const release = await tx.release.findUnique({ where: { projectId_version: { projectId, version: resolution.version } } });
    if (!release) throw badRequest(`This project has no release '${resolution.version}'`);
    return release;
  }
  const latest = await tx.release.findFirst({ where: { projectId }, orderBy: [{ dateAdded: "desc" }, { id: "desc" }] });
  if (!latest) {
    throw badRequest("This project has no release yet, so the group cannot be resolved in a release; resolve it now instead");
  }
  return latest;
}

export async function applyResolution(tx: Tx, pending: PendingChange, group: LockedGroup, input: ResolveGroupInput): Promise<ChangeResult> {
  const resolution = input.resolution ?? { kind: "now" };
  const release = await findRelease(tx, group.projectId, resolution);
  const type = resolution.kind === "in_next_release" ? "in_next_release" : "in_release";
  const unchanged =
    group.status === "resolved" &&
    (release === null ? group.resolution === null : group.resolution?.releaseId === release.id && group.resolution.type === type);
  if (unchanged) return { groupId: group.id, changed: false };

  const at = new Date();
  const userId = actorUserId(input.actor);
  const source = formatSource(input.source);
  const statusDetails = release === null ? {} : type === "in_next_release" ? { inNextRelease: true } : { inRelease: release.version };
  await tx.group.update({ where: { id: group.id }, data: { status: "resolved", substatus: null, resolvedAt: at, statusDetails } });
  if (release === null) {
    await tx.groupResolution.deleteMany({ where: { groupId: group.id } });
    recordActivity(pending, { groupId: group.id, type: "set_resolved", userId, data: { source: { ...input.source } }, at });
    appendGroupHistory(pending, { groupId: group.id, status: "resolved", actorUserId: userId, source, at });
  } else {
    const row = { releaseId: release.id, type, currentReleaseVersion: release.version, actorId: userId, createdAt: at } as const;
    await tx.groupResolution.upsert({ where: { groupId: group.id }, create: { groupId: group.id, ...row }, update: row });
    // An empty version means "the next release", as the reference records it.
    const version = type === "in_next_release" ? "" : release.version;
    recordActivity(pending, {
      groupId: group.id,
      type: "set_resolved_in_release",
      userId,
      data: { version, current_release_version: release.version, source: { ...input.source } },
      at,
    });
    const status = type === "in_next_release" ? "set_resolved_in_next_release" : "set_resolved_in_release";
    appendGroupHistory(pending, { groupId: group.id, status, actorUserId: userId, source, releaseId: release.id, at });
  }
  requestOutboundSync(pending, { organizationId: input.organizationId, groupId: group.id, kind: "status", source: input.source });
  pending.events.push({
    ...changeEventBase(input, group, userId, at),
    type: "resolved",
    resolution: release === null ? "now" : type,
    releaseVersion: release?.version ?? null,
  });
  return { groupId: group.id, changed: true };
}
