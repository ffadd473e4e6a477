import { NextResponse } from "next/server";
import { requireGroupAccess, requireOrganizationAccess, type OrganizationAccess } from "@/lib/auth/access";
import type { Db } from "@/lib/db/client";
import type { Actor, ChangeSource } from "@/lib/domain/group-actions/change-context";
import { bulkUpdateGroups, updateGroup } from "@/lib/domain/group-actions/update-group";
import { readJsonBody } from "@/lib/input/request-body";
import { assigneeSelect, assigneeView } from "@/lib/domain/groups/group-view";
import { badRequest, notFound } from "@/lib/http/errors";
import { authenticatedRoute } from "@/lib/http/route";
import { groupChangesFromBody, groupUpdateBodySchema } from "./group-update-body";

const MAX_BULK_GROUPS = 100;

function actorAndSource(access: OrganizationAccess): { actor: Actor; source: ChangeSource } {
  return {
    actor: access.userId ? { userId: access.userId } : { system: true },
    source: { kind: access.principal.kind === "user" ? "dashboard" : "api" },
  };
}

/** The group as the API shows it after a change. */
async function groupView(db: Db, groupId: string) {
  const group = await db.group.findUniqueOrThrow({
    where: { id: groupId },
    select: {
      id: true,
      status: true,
      substatus: true,
      statusDetails: true,
      resolvedAt: true,
      assignee: assigneeSelect,
    },
  });
  const { assignee, ...rest } = group;
  return { ...rest, statusDetails: rest.statusDetails ?? {}, assignedTo: assigneeView(assignee) };
}

/** PUT /api/v1/groups/{groupId}: assign, deassign, resolve, unresolve or archive one group. */
export const updateGroupHandler = authenticatedRoute<{ groupId: string }>(async ({ request, params, db, principal }) => {
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:write");
  const changes = groupChangesFromBody(await readJsonBody(request, groupUpdateBodySchema));
  const { changed } = await updateGroup(db, { organizationId: access.organization.id, groupId: params.groupId, changes, ...actorAndSource(access) });
  return NextResponse.json({ ...(await groupView(db, params.groupId)), changed });
});

/**
 * PUT /api/v1/organizations/{orgSlug}/groups?id=…&id=…: the same change for many groups, one
 * transaction per group. Any unknown or foreign id answers 404 before anything is written; other
 * refusals are reported per group (the answer is that error when every group was refused).
 */
export const bulkUpdateGroupsHandler = authenticatedRoute<{ orgSlug: string }>(async ({ request, params, db, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:write");
  const ids = [...new Set(new URL(request.url).searchParams.getAll("id").filter(Boolean))];
  if (ids.length === 0) throw badRequest("Give the groups to update as ?id=…&id=…");
  if (ids.length > MAX_BULK_GROUPS) throw badRequest(`At most ${MAX_BULK_GROUPS} groups per request`);
  const changes = groupChangesFromBody(await readJsonBody(request, groupUpdateBodySchema));
  const found = await db.group.count({ where: { id: { in: ids }, project: { organizationId: access.organization.id } } });
  if (found !== ids.length) throw notFound("Group not found");
  const results = await bulkUpdateGroups(db, { organizationId: access.organization.id, groupIds: ids, changes, ...actorAndSource(access) });
  const refused = results.filter((r) => !r.ok);
  if (refused.length === results.length && !refused[0].ok) {
    return NextResponse.json({ error: refused[0].error, results: results.map(({ groupId, ...r }) => ({ id: groupId, ...r })) }, { status: refused[0].error.status });
  }
  return NextResponse.json({ results: results.map(({ groupId, ...r }) => ({ id: groupId, ...r })) });
});
