import { NextResponse } from "next/server";
import { z } from "zod";
import { changeOrigin } from "@/app/api/v1/groups/[groupId]/group-update-request";
import { scopeGranted } from "@/lib/auth/scopes";
import { changeMemberRole } from "@/lib/domain/organizations/change-member-role";
import { removeOrganizationMember } from "@/lib/domain/organizations/remove-organization-member";
import { memberRoleSchema } from "@/lib/domain/organizations/schemas";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { orgSlug: string; memberId: string };

/** PATCH /api/v1/organizations/{orgSlug}/members/{memberId} {role} — owners and admins; only owners touch the owner role. */
export const PATCH = organizationRoute<Params, z.ZodType<{ role: "owner" | "admin" | "member" }>>(
  async ({ db, access, params, body }) =>
    NextResponse.json(await changeMemberRole(db, { organizationId: access.organization.id, memberId: params.memberId, role: body.role }, { userId: access.userId, role: access.role })),
  { scope: "org:admin", body: z.strictObject({ role: memberRoleSchema }), bodyLimit: 4 * 1024 },
);

/** DELETE /api/v1/organizations/{orgSlug}/members/{memberId} — removes a member (anyone may remove themselves: leave); their groups here are unassigned by the caller. */
export const DELETE = organizationRoute<Params>(
  async ({ db, access, params }) => {
    await removeOrganizationMember(db, { organizationId: access.organization.id, memberId: params.memberId, ...changeOrigin(access) }, {
      userId: access.userId,
      role: access.role,
      mayManageMembers: scopeGranted(access.scopes, "org:admin"),
    });
    return new Response(null, { status: 204 });
  },
  { scope: "issues:read" },
);
