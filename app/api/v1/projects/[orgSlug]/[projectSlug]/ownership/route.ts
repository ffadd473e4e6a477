import { NextResponse } from "next/server";
import { z } from "zod";
import { readOwnershipRulesText, saveOwnershipRules } from "@/lib/domain/ownership/save-ownership-rules";
import { projectRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/v1/projects/{orgSlug}/{projectSlug}/ownership — the rules as text. */
export const GET = projectRoute(
  async ({ db, access: { project } }) => NextResponse.json({ project, rules: await readOwnershipRulesText(db, project.id) }),
  { scope: "issues:read" },
);

const bodySchema = z.object({ rules: z.string().max(100_000) });

/** PUT …/ownership (org:admin) — replaces the rules; every bad line is reported with its number. */
export const PUT = projectRoute(
  async ({ db, access, body }) => {
    const { project } = access;
    const saved = await saveOwnershipRules(db, { organizationId: access.organization.id, projectId: project.id, text: body.rules });
    return NextResponse.json({ project, rules: await readOwnershipRulesText(db, project.id), count: saved.length });
  },
  { scope: "org:admin", body: bodySchema, bodyLimit: 128 * 1024 },
);
