import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/projects`);
  const projects = await (await getDb()).project.findMany({
    where: { organizationId: access.organization.id },
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, platform: true, _count: { select: { ownershipRules: true, groups: true } }, teams: { select: { team: { select: { slug: true } } } } },
  });
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-4 sm:p-6">
      <PageHeader title="Projects" description="Each project's ownership rules and alert rules." />
      {projects.length === 0 ? (
        <EmptyState title="No project yet">
          Create one from a shell: <code className="rounded bg-surface-muted px-1.5 py-0.5 text-xs break-all">npm run tether -- project create --org {orgSlug} --name &quot;API&quot;</code>
        </EmptyState>
      ) : (
        <ul aria-label="Projects" className="divide-y divide-line rounded-lg border border-line bg-surface shadow-sm">
          {projects.map((project) => (
            <li key={project.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 p-4 text-sm">
              <div className="min-w-0">
                <Link href={`/o/${orgSlug}/settings/projects/${project.slug}`} className="font-medium text-accent-fg hover:underline focus-visible:outline-2 focus-visible:outline-accent">
                  {project.name}
                </Link>
                <p className="text-xs text-fg-subtle">
                  {project.slug}
                  {project.platform ? ` · ${project.platform}` : ""} · {project.teams.map((t) => `#${t.team.slug}`).join(", ") || "no team"}
                </p>
              </div>
              <p className="text-xs text-fg-subtle">
                {project._count.groups.toLocaleString("en-US")} groups · {project._count.ownershipRules} ownership rule{project._count.ownershipRules === 1 ? "" : "s"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
