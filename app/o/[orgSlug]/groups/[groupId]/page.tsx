import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { EventView } from "@/components/events/event-view";
import { EventsChart } from "@/components/events/events-chart";
import { ExternalIssuesPanel } from "@/components/external-issues/external-issues-panel";
import { GroupActions } from "@/components/groups/group-actions";
import { GroupHeader } from "@/components/groups/group-header";
import { GroupTimeline } from "@/components/groups/group-timeline";
import { TagsSummary } from "@/components/groups/tags-summary";
import { requirePageAccess } from "@/lib/auth/page-access";
import { scopeGranted } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { getGroupDetail, TAG_SUMMARY_EVENTS } from "@/lib/domain/groups/get-group";
import { getGroupEvent } from "@/lib/domain/groups/get-group-event";
import { getGroupEventStats } from "@/lib/domain/groups/group-event-stats";
import { listProjectAssignees } from "@/lib/domain/groups/list-filter-options";
import { listOrganizationIntegrations } from "@/lib/domain/integrations/list-organization-integrations";
import { integrationProviders } from "@/lib/integrations/providers";

export const dynamic = "force-dynamic";

type Params = Promise<{ orgSlug: string; groupId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// ?event=<id> picks an older event; anything else shows the latest.
const eventParamSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { groupId } = await params;
  return { title: `Group ${groupId.slice(0, 8)}` };
}

export default async function GroupPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { orgSlug, groupId } = await params;
  const requested = eventParamSchema.safeParse((await searchParams).event);
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/groups/${groupId}`);
  const db = await getDb();
  const group = await getGroupDetail(db, { organizationId: access.organization.id, groupId });
  if (!group) notFound();
  const canEdit = scopeGranted(access.scopes, "issues:write");
  const [assigneeOptions, integrations, stats, picked] = await Promise.all([
    listProjectAssignees(db, group.project.id),
    listOrganizationIntegrations(db, access.organization.id),
    getGroupEventStats(db, { groupId: group.id, period: "24h" }),
    requested.success ? getGroupEvent(db, { groupId: group.id, eventId: requested.data }) : null,
  ]);
  const event = picked ?? (await getGroupEvent(db, { groupId: group.id }));
  const assignedTo = group.assignee ? `${group.assignee.type}:${group.assignee.id}` : null;
  const basePath = `/o/${orgSlug}/groups/${group.id}`;

  return (
    <div className="mx-auto max-w-7xl space-y-4 p-3 sm:space-y-5 sm:p-6">
      <GroupHeader
        group={group}
        orgSlug={orgSlug}
        actions={
          canEdit ? (
            <GroupActions groupId={group.id} initial={{ status: group.status, substatus: group.substatus, assignedTo }} assigneeOptions={assigneeOptions} />
          ) : (
            <p className="text-sm text-fg-muted">
              Assignee: <span className="font-medium text-fg">{group.assignee ? group.assignee.name : "nobody"}</span>
              {group.assignee?.email && group.assignee.email !== group.assignee.name ? <span className="text-fg-subtle"> ({group.assignee.email})</span> : null}
            </p>
          )
        }
      />

      <div className="grid gap-4 sm:gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 sm:space-y-5 lg:col-span-2">
          <EventsChart groupId={group.id} initial={stats} />
          <EventView event={event} basePath={basePath} isLatest={event !== null && event.newerId === null} />
          <GroupTimeline groupId={group.id} orgSlug={orgSlug} />
        </div>
        <div className="min-w-0 space-y-4 sm:space-y-5">
          <ExternalIssuesPanel
            groupId={group.id}
            linked={group.externalIssues.map((issue) => ({ id: issue.id, key: issue.key, title: issue.title, url: issue.url, integrationName: issue.integrationName, provider: issue.provider }))}
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
