import type { Metadata } from "next";
import { GroupsList } from "@/components/groups/groups-list";
import { PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { scopeGranted } from "@/lib/auth/scopes";
import { assigneeChoices, listOrganizationMembers, listOrganizationProjects } from "@/lib/domain/groups/list-filter-options";
import { countGroupsByStatus, listGroups } from "@/lib/domain/groups/list-groups";
import { groupsQueryFromSearch, groupsQueryToSearch } from "@/lib/domain/groups/list-groups-query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const query = groupsQueryFromSearch(await searchParams);
  const search = groupsQueryToSearch(query).toString();
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/groups${search ? `?${search}` : ""}`);
  const db = await getDb();
  const viewer = { organizationId: access.organization.id, userId: access.userId };
  // The tab counts come with the page, so the tabs do not change width once it shows.
  const [page, counts, projects, people] = await Promise.all([
    listGroups(db, viewer, query),
    countGroupsByStatus(db, viewer, query),
    listOrganizationProjects(db, access.organization.id),
    listOrganizationMembers(db, access.organization.id),
  ]);
  return (
    <div className="mx-auto max-w-7xl p-4 sm:p-6">
      <PageHeader title="Groups" description={`Errors seen in ${access.organization.name}'s projects. Press ? for keyboard triage.`} />
      <GroupsList
        orgSlug={orgSlug}
        initialQuery={query}
        initialPage={page}
        initialCounts={counts.counts}
        projects={projects}
        assigneeOptions={assigneeChoices(people)}
        canEdit={scopeGranted(access.scopes, "issues:write")}
      />
    </div>
  );
}
