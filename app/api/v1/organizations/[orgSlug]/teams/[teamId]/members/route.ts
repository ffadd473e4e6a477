import { NextResponse } from "next/server";
import { z } from "zod";
import { addMemberToTeam } from "@/lib/domain/organizations/team-membership";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/v1/organizations/{orgSlug}/teams/{teamId}/members {memberId} — puts an organization member on the team. */
export const POST = organizationRoute<{ orgSlug: string; teamId: string }, z.ZodType<{ memberId: string }>>(
  async ({ db, access, params, body }) => {
    const { changed } = await addMemberToTeam(db, { organizationId: access.organization.id, team: params.teamId, memberId: body.memberId });
    return NextResponse.json({ changed }, { status: changed ? 201 : 200 });
  },
  { scope: "org:admin", body: z.strictObject({ memberId: z.string().min(1, "Choose a member").max(100) }), bodyLimit: 4 * 1024 },
);
