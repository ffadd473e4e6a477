import { NextResponse } from "next/server";
import { projectKeyView } from "@/lib/domain/projects/list-project-keys";
import { rotateProjectKey } from "@/lib/domain/projects/rotate-project-key";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { orgSlug: string; projectSlug: string; keyId: string };

/**
 * POST …/keys/{keyId}/rotate (org:admin) — a new key with the old one's label and rate limit; the
 * old key is disabled in the same transaction, so its DSN stops working at once.
 */
export const POST = projectRoute<Params>(
  async ({ db, access: { organization, project }, params }) => {
    const rotated = await rotateProjectKey(db, { organizationId: organization.id, project: project.id, keyId: params.keyId });
    return NextResponse.json({ key: projectKeyView(rotated.key, rotated.project), disabledKeyIds: rotated.disabledKeyIds }, { status: 201 });
  },
  { scope: "org:admin" },
);
