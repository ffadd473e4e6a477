import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LevelBadge, StatusBadge } from "@/components/groups/badges";
import { GroupActions } from "@/components/groups/group-actions";
import { GroupEventsList } from "@/components/groups/group-events-list";
import { GroupTimeline } from "@/components/groups/group-timeline";
import { TagsSummary } from "@/components/groups/tags-summary";
import { ExternalIssuesPanel } from "@/components/external-issues/external-issues-panel";
import { integrationProviders } from "@/lib/integrations/providers";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { getGroupDetail, TAG_SUMMARY_EVENTS } from "@/lib/domain/groups/get-group";
import { listProjectAssignees } from "@/lib/domain/groups/list-filter-options";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";

export const dynamic = "force-dynamic";

type Params = Promise<{ orgSlug: string; groupId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { groupId } = await params;
  return { title: `Group ${groupId.slice(0, 8)}` };
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

export default async function GroupPage({ params }: { params: Params }) {
  const { orgSlug, groupId } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/groups/${groupId}`);
  const db = await getDb();
  const group = await getGroupDetail(db, { organizationId: access.organization.id, groupId });
  if (!group) notFound();
  const canEdit = scopeGranted(access.scopes, "issues:write");
  const [assigneeOptions, integrations] = await Promise.all([listProjectAssignees(db, group.project.id), listOrganizationIntegrations(db, access.organization.id)]);
  const assignedTo = group.assignee ? `${group.assignee.type}:${group.assignee.id}` : null;

  return (
    <div className="mx-auto max-w-7xl space-y-5 p-6">
      <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
        <Link href={`/o/${orgSlug}/groups`} className="hover:text-slate-800 hover:underline">
          Groups
        </Link>{" "}
        / <span className="font-mono text-slate-700">{group.shortId}</span>
      </nav>

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <LevelBadge level={group.level} />
          <StatusBadge status={group.status} substatus={group.substatus} />
          <span aria-hidden>·</span>
          <span className="font-mono text-slate-700">{group.shortId}</span>
          <span aria-hidden>·</span>
          <span>
            project <span className="font-medium text-slate-700">{group.project.name}</span>
          </span>
        </div>
        <h1 className="break-words text-xl font-semibold text-slate-900">{group.title}</h1>
        {group.culprit ? <p className="font-mono text-sm text-slate-600">{group.culprit}</p> : null}
        {group.message && group.message !== group.title ? <p className="text-sm text-slate-600">{group.message}</p> : null}
      </header>

      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2.5">
        {canEdit ? null : (
          <p className="text-sm text-slate-600">
            Assignee: <span className="font-medium text-slate-900">{group.assignee ? group.assignee.name : "nobody"}</span>
            {group.assignee?.email && group.assignee.email !== group.assignee.name ? <span className="text-slate-500"> ({group.assignee.email})</span> : null}
          </p>
        )}
        {canEdit ? (
          <GroupActions groupId={group.id} initial={{ status: group.status, substatus: group.substatus, assignedTo }} assigneeOptions={assigneeOptions} />
        ) : null}
      </div>

      <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat label="Events">{group.timesSeen.toLocaleString("en-US")}</Stat>
        <Stat label="Users affected">{group.usersAffected.toLocaleString("en-US")}</Stat>
        <Stat label="First seen">
          <RelativeTime iso={group.firstSeen} />
        </Stat>
        <Stat label="Last seen">
          <RelativeTime iso={group.lastSeen} />
        </Stat>
        <Stat label="First release">{group.firstRelease ?? <span className="text-slate-400">—</span>}</Stat>
      </dl>

      <div className="grid gap-5 lg:grid-cols-3">
        <div className="space-y-5 lg:col-span-2">
          <GroupEventsList groupId={group.id} />
          <GroupTimeline groupId={group.id} orgSlug={orgSlug} />
        </div>
        <div className="space-y-5">
          <ExternalIssuesPanel
            groupId={group.id}
            linked={group.externalIssues.map((issue) => ({ id: issue.id, key: issue.key, title: issue.title, url: issue.url, integrationName: issue.integrationName }))}
            integrations={integrations.flatMap((i) => {
              const provider = integrationProviders.get(i.provider);
              return provider?.issueLinks && i.status === "active" ? [{ id: i.id, name: i.name, provider: i.provider, providerName: provider.displayName ?? i.provider }] : [];
            })}
            canEdit={canEdit}
          />
          <TagsSummary tags={group.tags} sampled={TAG_SUMMARY_EVENTS} />
        </div>
      </div>
    </div>
  );
}
