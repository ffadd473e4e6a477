import { removeMemberFromTeam } from "@/lib/domain/organizations/team-membership";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/organizations/{orgSlug}/teams/{teamId}/members/{memberId} — takes the member off the team. */
export const DELETE = organizationRoute<{ orgSlug: string; teamId: string; memberId: string }>(
  async ({ db, access, params }) => {
    await removeMemberFromTeam(db, { organizationId: access.organization.id, team: params.teamId, memberId: params.memberId });
    return new Response(null, { status: 204 });
  },
  { scope: "org:admin" },
);
