import { NextResponse } from "next/server";
import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";
import { resendInvite } from "@/lib/domain/organizations/manage-invite";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/v1/organizations/{orgSlug}/invites/{inviteId}/resend — a new link for another week; the old one stops working. */
export const POST = organizationRoute<{ orgSlug: string; inviteId: string }>(
  async ({ db, access, params }) => {
    const created = await resendInvite(db, { organizationId: access.organization.id, inviteId: params.inviteId }, { userId: access.userId, role: access.role });
    return NextResponse.json({ ...created, url: `${tetherPublicBaseUrl()}${created.path}` });
  },
  { scope: "org:admin" },
);
