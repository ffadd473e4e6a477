import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { groupHasAssignee } from "./assignee-cache";
import { assignGroupByRule } from "./assign-by-rule";
import { eventTags } from "@/lib/domain/groups/tag-summary";
import { findOwner, type OwnershipSubject } from "./match-ownership-rules";
import { OWNERSHIP_DEBOUNCE_MS, debounceKey, manualKey } from "./ownership-markers";

export type OwnershipOutcome =
  | { assigned: true; owner: string }
  | { assigned: false; reason: "no rules" | "manually assigned" | "debounced" | "already assigned" | "no match" | "owner cannot be assigned" };

function subjectOf(event: { culprit: string | null; frames: unknown; tags: unknown } | null, groupCulprit: string | null): OwnershipSubject {
  const tags = eventTags({ tags: event?.tags, environment: null, release: null });
  const frames = Array.isArray(event?.frames) ? (event.frames as { filename?: unknown; absPath?: unknown; abs_path?: unknown }[]) : [];
  const paths = frames.flatMap((f) => [f.filename, f.absPath, f.abs_path]).filter((p): p is string => typeof p === "string" && p.length > 0);
  return { culprit: event?.culprit ?? groupCulprit, paths, url: tags.url ?? null, tags };
}

/** Claims the per-group debounce slot in the database; false when another evaluation holds it. */
async function claimDebounce(db: Db, groupId: string): Promise<boolean> {
  const expiresAt = new Date(Date.now() + OWNERSHIP_DEBOUNCE_MS);
  const rows = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO "KeyValueMarker" (key, "expiresAt") VALUES (${debounceKey(groupId)}, ${expiresAt})
    ON CONFLICT (key) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt" WHERE "KeyValueMarker"."expiresAt" < now()
    RETURNING key`;
  return rows.length > 0;
}

/**
 * Evaluates the project's ownership rules for a new or regressed group and assigns the owner of
 * the last matching rule. Debounced per group; never overrides a manual assignment or deassignment.
 */
export async function applyOwnershipRules(db: Db, input: { organizationId: string; groupId: string }): Promise<OwnershipOutcome> {
  const group = await db.group.findFirst({
    where: { id: input.groupId, project: { organizationId: input.organizationId } },
    select: { id: true, projectId: true, culprit: true },
  });
  if (!group) return { assigned: false, reason: "no match" };
  const rules = await db.ownershipRule.findMany({ where: { projectId: group.projectId }, orderBy: { position: "asc" } });
  if (rules.length === 0) return { assigned: false, reason: "no rules" };
  if (await db.keyValueMarker.findUnique({ where: { key: manualKey(group.id) } })) return { assigned: false, reason: "manually assigned" };
  if (await groupHasAssignee(db, group.id)) return { assigned: false, reason: "already assigned" };
  if (!(await claimDebounce(db, group.id))) return { assigned: false, reason: "debounced" };

  const event = await db.event.findFirst({ where: { groupId: group.id }, orderBy: { timestamp: "desc" }, select: { culprit: true, frames: true, tags: true } });
  const owner = findOwner(rules, subjectOf(event, group.culprit));
  if (!owner) return { assigned: false, reason: "no match" };
  const [type, id] = owner.split(":") as ["user" | "team", string];
  try {
    const result = await assignGroupByRule(db, { organizationId: input.organizationId, groupId: group.id, assignee: { type, id } });
    if (!result.assigned) return result;
  } catch (error) {
    // The owner left the project since the rule was written: leave the group unassigned.
    if (error instanceof AppError && (error.status === 400 || error.status === 404)) {
      logger.warn({ groupId: group.id, owner, reason: error.message }, "ownership rule owner cannot be assigned");
      return { assigned: false, reason: "owner cannot be assigned" };
    }
    throw error;
  }
  return { assigned: true, owner };
}
