import { NextResponse } from "next/server";
import type { Db } from "@/lib/db/client";
import { updateGroup } from "@/lib/domain/group-actions/update-group";
import { getGroupDetail } from "@/lib/domain/groups/get-group";
import { assigneeSelect, assigneeView } from "@/lib/domain/groups/group-view";
import { readJsonBody } from "@/lib/input/request-body";
import { notFound } from "@/lib/http/errors";
import { groupRoute } from "@/lib/http/route";
import { changeOrigin, groupChangesFromBody, groupUpdateBodySchema } from "./group-update-request";

export const dynamic = "force-dynamic";

/** GET /api/v1/groups/{groupId}: the group with stats, linked issues and a tags summary. */
export const GET = groupRoute(
  async ({ db, access }) => {
    const detail = await getGroupDetail(db, { organizationId: access.organization.id, groupId: access.group.id });
    if (!detail) throw notFound("Group not found");
    return NextResponse.json({ ...detail, organization: { slug: access.organization.slug, name: access.organization.name } });
  },
  { scope: "issues:read" },
);

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
export const PUT = groupRoute(
  async ({ request, params, db, access }) => {
    const changes = groupChangesFromBody(await readJsonBody(request, groupUpdateBodySchema));
    const { changed } = await updateGroup(db, { organizationId: access.organization.id, groupId: params.groupId, changes, ...changeOrigin(access) });
    return NextResponse.json({ ...(await groupView(db, params.groupId)), changed });
  },
  { scope: "issues:write" },
);
