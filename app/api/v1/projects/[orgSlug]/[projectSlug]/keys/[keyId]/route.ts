import { NextResponse } from "next/server";
import { projectKeyView } from "@/lib/domain/projects/list-project-keys";
import { projectKeyChangesSchema, updateProjectKey } from "@/lib/domain/projects/update-project-key";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { orgSlug: string; projectSlug: string; keyId: string };

/** PATCH …/keys/{keyId} (org:admin) — relabel, set or clear the rate limit (null), disable or enable (`isActive`). */
export const PATCH = projectRoute<Params, typeof projectKeyChangesSchema>(
  async ({ db, access: { organization, project }, params, body }) => {
    const updated = await updateProjectKey(db, { organizationId: organization.id, project: project.id, keyId: params.keyId, changes: body });
    return NextResponse.json(projectKeyView(updated.key, updated.project));
  },
  { scope: "org:admin", body: projectKeyChangesSchema, bodyLimit: 4 * 1024 },
);
