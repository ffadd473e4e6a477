import type { Metadata } from "next";
import Link from "next/link";
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
    <div className="mx-auto max-w-3xl space-y-4 p-6">
      <h1 className="text-lg font-semibold text-slate-900">Projects</h1>
      {projects.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          No project yet. Create one with <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">npm run tether -- project create --org {orgSlug} --name &quot;API&quot;</code>.
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {projects.map((project) => (
            <li key={project.id} className="flex items-center justify-between p-4 text-sm">
              <div>
                <Link href={`/o/${orgSlug}/settings/projects/${project.slug}`} className="font-medium text-indigo-700 hover:underline">
                  {project.name}
                </Link>
                <p className="text-xs text-slate-500">
                  {project.slug}
                  {project.platform ? ` · ${project.platform}` : ""} · {project.teams.map((t) => `#${t.team.slug}`).join(", ") || "no team"}
                </p>
              </div>
              <p className="text-xs text-slate-500">
                {project._count.groups.toLocaleString("en-US")} groups · {project._count.ownershipRules} ownership rule{project._count.ownershipRules === 1 ? "" : "s"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
