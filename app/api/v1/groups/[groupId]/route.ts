import { NextResponse } from "next/server";
import { requireGroupAccess } from "@/lib/auth/access";
import { getGroupDetail } from "@/lib/domain/groups/get-group";
import { notFound } from "@/lib/http/errors";
import { updateGroupHandler } from "@/lib/http/handlers/update-group";
import { authenticatedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/groups/{groupId}: the group with stats, linked issues and a tags summary. */
export const GET = authenticatedRoute<{ groupId: string }>(async ({ params, db, principal }) => {
  const access = await requireGroupAccess(db, principal, params.groupId, "issues:read");
  const detail = await getGroupDetail(db, { organizationId: access.organization.id, groupId: access.group.id });
  if (!detail) throw notFound("Group not found");
  return NextResponse.json({ ...detail, organization: { slug: access.organization.slug, name: access.organization.name } });
});

export const PUT = updateGroupHandler;
