import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { readOwnershipRulesText } from "@/lib/domain/ownership/save-ownership-rules";
import { OwnershipRulesEditor } from "@/components/ownership/ownership-rules-editor";
import { AlertRulesManager } from "@/components/alerts/alert-rules-manager";
import { ProjectKeysManager } from "@/components/projects/project-keys-manager";
import { PageHeader } from "@/components/ui/panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Project settings" };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ orgSlug: string; projectSlug: string }> }) {
  const { orgSlug, projectSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/projects/${projectSlug}`);
  const db = await getDb();
  const project = await db.project.findUnique({
    where: { organizationId_slug: { organizationId: access.organization.id, slug: projectSlug } },
    select: { id: true, name: true, slug: true, teams: { select: { team: { select: { slug: true } } } } },
  });
  if (!project) notFound();
  const canEdit = scopeGranted(access.scopes, "org:admin");
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-4 sm:p-6">
      <PageHeader title={project.name} description={`Teams: ${project.teams.length ? project.teams.map((t) => `#${t.team.slug}`).join(", ") : "none — add a team to assign this project's groups"}`} />
      <ProjectKeysManager orgSlug={orgSlug} projectSlug={project.slug} canEdit={canEdit} />
      <OwnershipRulesEditor orgSlug={orgSlug} projectSlug={project.slug} initialRules={await readOwnershipRulesText(db, project.id)} canEdit={canEdit} />
      <AlertRulesManager orgSlug={orgSlug} projectSlug={project.slug} canEdit={canEdit} />
    </div>
  );
}
