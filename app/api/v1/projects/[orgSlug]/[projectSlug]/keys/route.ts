import { NextResponse } from "next/server";
import { createProjectKey, newProjectKeySchema } from "@/lib/domain/projects/create-project-key";
import { listProjectKeys, projectKeyView } from "@/lib/domain/projects/list-project-keys";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/projects/{orgSlug}/{projectSlug}/keys — the project's client keys with their DSNs,
 * active ones first. Every member may read them: setting up an app needs the DSN, and a DSN only
 * lets its holder send events.
 */
export const GET = projectRoute(
  async ({ db, access: { organization, project } }) => {
    const { keys } = await listProjectKeys(db, { organizationId: organization.id, project: project.id });
    return NextResponse.json({ keys });
  },
  { scope: "issues:read" },
);

/** POST …/keys (org:admin) — adds a key (label, optional rate limit per minute); the project's other keys keep working. */
export const POST = projectRoute(
  async ({ db, access: { organization, project }, body }) => {
    const created = await createProjectKey(db, { organizationId: organization.id, project: project.id, ...body });
    return NextResponse.json(projectKeyView(created.key, created.project), { status: 201 });
  },
  { scope: "org:admin", body: newProjectKeySchema, bodyLimit: 4 * 1024 },
);
