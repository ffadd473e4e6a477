import { revokeInvite } from "@/lib/domain/organizations/manage-invite";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/organizations/{orgSlug}/invites/{inviteId} — revokes: the link stops working; only an owner revokes an owner-role invite. */
export const DELETE = organizationRoute<{ orgSlug: string; inviteId: string }>(
  async ({ db, access, params }) => {
    await revokeInvite(db, { organizationId: access.organization.id, inviteId: params.inviteId }, { userId: access.userId, role: access.role });
    return new Response(null, { status: 204 });
  },
  { scope: "org:admin" },
);
