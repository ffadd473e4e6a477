import type { Metadata } from "next";
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { projectDsn } from "@/lib/domain/projects/project-dsn";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/projects`);
  const projects = await (await getDb()).project.findMany({
    where: { organizationId: access.organization.id },
    orderBy: { name: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      platform: true,
      ingestId: true,
      // The DSN shown is the oldest active key's, as on the project's own page.
      keys: { where: { isActive: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1, select: { publicKey: true } },
      _count: { select: { ownershipRules: true, groups: true } }, teams: { select: { team: { select: { slug: true } } } } },
  });
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-4 sm:p-6">
      <PageHeader title="Projects" description="Each project's DSN (what Sentry SDKs send to), ownership rules and alert rules." />
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
              <ProjectDsnLine orgSlug={orgSlug} project={project} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ProjectDsnLine({ orgSlug, project }: { orgSlug: string; project: { slug: string; name: string; ingestId: number; keys: { publicKey: string }[] } }) {
  const setUp = `/o/${orgSlug}/settings/projects/${project.slug}#dsn`;
  const linkClass = "shrink-0 text-xs font-medium text-accent-fg hover:underline focus-visible:outline-2 focus-visible:outline-accent";
  const key = project.keys[0];
  if (!key) {
    return (
      <p className="flex w-full flex-wrap items-center gap-x-2 text-xs text-warning">
        No active client key, so SDKs cannot send to it.{" "}
        <Link href={setUp} className={linkClass}>
          Client keys
        </Link>
      </p>
    );
  }
  const dsn = projectDsn({ publicKey: key.publicKey, ingestId: project.ingestId });
  return (
    <div className="flex w-full min-w-0 items-center gap-2">
      <span className="shrink-0 text-xs text-fg-subtle">DSN</span>
      <code title={dsn} aria-label={`DSN of ${project.name}`} className="min-w-0 flex-1 truncate rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs text-fg">
        {dsn}
      </code>
      <CopyButton value={dsn} what={`DSN of ${project.name}`} variant="ghost" />
      <Link href={setUp} className={linkClass}>
        SDK set-up
      </Link>
    </div>
  );
}
