import { NextResponse } from "next/server";
import { z } from "zod";
import { requireOrganizationAccess } from "@/lib/auth/access";
import type { Db } from "@/lib/db/client";
import { readOwnershipRulesText, saveOwnershipRules } from "@/lib/domain/ownership/save-ownership-rules";
import { readJsonBody } from "@/lib/input/request-body";
import { notFound } from "@/lib/http/errors";
import { authenticatedRoute } from "@/lib/http/route";

type ProjectParams = { orgSlug: string; projectSlug: string };

async function findProject(db: Db, organizationId: string, slug: string) {
  const project = await db.project.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true, slug: true, name: true } });
  if (!project) throw notFound("Project not found");
  return project;
}

/** GET /api/v1/projects/{orgSlug}/{projectSlug}/ownership — the rules as text. */
export const getOwnershipRulesHandler = authenticatedRoute<ProjectParams>(async ({ db, params, principal }) => {
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "issues:read");
  const project = await findProject(db, access.organization.id, params.projectSlug);
  return NextResponse.json({ project, rules: await readOwnershipRulesText(db, project.id) });
});

const bodySchema = z.object({ rules: z.string().max(100_000) });

/** PUT …/ownership (org:admin) — replaces the rules; every bad line is reported with its number. */
export const saveOwnershipRulesHandler = authenticatedRoute<ProjectParams>(async ({ db, request, params, principal }) => {
  const body = await readJsonBody(request, bodySchema, 128 * 1024);
  const access = await requireOrganizationAccess(db, principal, { slug: params.orgSlug }, "org:admin");
  const project = await findProject(db, access.organization.id, params.projectSlug);
  const saved = await saveOwnershipRules(db, { organizationId: access.organization.id, projectId: project.id, text: body.rules });
  return NextResponse.json({ project, rules: await readOwnershipRulesText(db, project.id), count: saved.length });
});
