import { NextResponse } from "next/server";
import { changeOrigin } from "@/app/api/v1/groups/[groupId]/group-update-request";
import { deleteTeam } from "@/lib/domain/organizations/delete-team";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/organizations/{orgSlug}/teams/{teamId} (id or slug) — groups assigned to the team are unassigned by the caller. */
export const DELETE = organizationRoute<{ orgSlug: string; teamId: string }>(
  async ({ db, access, params }) => NextResponse.json(await deleteTeam(db, { organizationId: access.organization.id, team: params.teamId, ...changeOrigin(access) })),
  { scope: "org:admin" },
);
