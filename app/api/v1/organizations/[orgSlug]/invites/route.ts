import { NextResponse } from "next/server";
import { z } from "zod";
import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";
import { inviteMember } from "@/lib/domain/organizations/invite-member";
import { listPendingInvites } from "@/lib/domain/organizations/list-invites";
import { memberRoleSchema } from "@/lib/domain/organizations/schemas";
import { organizationRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// The address is checked by the domain (lower-cased, one message); here only its size.
const inviteBody = z.strictObject({ email: z.string().max(320), role: memberRoleSchema.default("member") });

/** GET /api/v1/organizations/{orgSlug}/invites — invites not yet accepted or revoked. */
export const GET = organizationRoute(
  async ({ db, access }) => NextResponse.json({ invites: await listPendingInvites(db, access.organization.id) }),
  { scope: "org:admin" },
);

/** POST /api/v1/organizations/{orgSlug}/invites {email, role} — the answer holds the only copy of the link (Tether sends no email). */
export const POST = organizationRoute(
  async ({ db, access, body }) => {
    const created = await inviteMember(db, { organizationId: access.organization.id, email: body.email, role: body.role }, { userId: access.userId, role: access.role });
    return NextResponse.json({ ...created, url: `${tetherPublicBaseUrl()}${created.path}` }, { status: 201 });
  },
  { scope: "org:admin", body: inviteBody, bodyLimit: 4 * 1024 },
);
