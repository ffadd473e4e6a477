import { NextResponse } from "next/server";
import { unlinkExternalIssue } from "@/lib/domain/external-issues/unlink-external-issue";
import { groupRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/groups/{groupId}/external-issues/{externalIssueId} — 204 even when nothing was linked. */
export const DELETE = groupRoute<{ groupId: string; externalIssueId: string }>(
  async ({ db, params, access }) => {
    await unlinkExternalIssue(db, { organizationId: access.organization.id, groupId: params.groupId, externalIssueId: params.externalIssueId, userId: access.userId });
    return new NextResponse(null, { status: 204 });
  },
  { scope: "issues:write" },
);
