import { NextResponse } from "next/server";
import { bulkUpdateGroups } from "@/lib/domain/group-actions/update-group";
import { listGroups, listGroupsQuerySchema } from "@/lib/domain/groups/list-groups";
import { parseWith, readJsonBody } from "@/lib/input/request-body";
import { badRequest, notFound } from "@/lib/http/errors";
import { organizationRoute } from "@/lib/http/route";
import { changeOrigin, groupChangesFromBody, groupUpdateBodySchema } from "@/app/api/v1/groups/[groupId]/group-update-request";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/organizations/{orgSlug}/groups?status=&project=&assigned=&level=&linked=&query=&sort=&cursor=&limit=
 * → { groups, limit, nextCursor, previousCursor } (keyset pages; `page` still works for old links).
 */
export const GET = organizationRoute(
  async ({ request, db, access }) => {
    const query = parseWith(listGroupsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "Invalid groups query");
    return NextResponse.json(await listGroups(db, { organizationId: access.organization.id, userId: access.userId }, query));
  },
  { scope: "issues:read" },
);

const MAX_BULK_GROUPS = 100;

/**
 * PUT /api/v1/organizations/{orgSlug}/groups?id=…&id=…: the same change for many groups, one
 * transaction per group. Any unknown or foreign id answers 404 before anything is written; other
 * refusals are reported per group (the answer is that error when every group was refused).
 */
export const PUT = organizationRoute(
  async ({ request, db, access }) => {
    const ids = [...new Set(new URL(request.url).searchParams.getAll("id").filter(Boolean))];
    if (ids.length === 0) throw badRequest("Give the groups to update as ?id=…&id=…");
    if (ids.length > MAX_BULK_GROUPS) throw badRequest(`At most ${MAX_BULK_GROUPS} groups per request`);
    const changes = groupChangesFromBody(await readJsonBody(request, groupUpdateBodySchema));
    const found = await db.group.count({ where: { id: { in: ids }, project: { organizationId: access.organization.id } } });
    if (found !== ids.length) throw notFound("Group not found");
    const results = await bulkUpdateGroups(db, { organizationId: access.organization.id, groupIds: ids, changes, ...changeOrigin(access) });
    const refused = results.filter((r) => !r.ok);
    if (refused.length === results.length && !refused[0].ok) {
      return NextResponse.json({ error: refused[0].error, results: results.map(({ groupId, ...r }) => ({ id: groupId, ...r })) }, { status: refused[0].error.status });
    }
    return NextResponse.json({ results: results.map(({ groupId, ...r }) => ({ id: groupId, ...r })) });
  },
  { scope: "issues:write" },
);
