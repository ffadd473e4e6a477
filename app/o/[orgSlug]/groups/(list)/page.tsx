import type { Metadata } from "next";
import { GroupsList } from "@/components/groups/groups-list";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { scopeGranted } from "@/lib/auth/scopes";
import { assigneeChoices, listOrganizationMembers, listOrganizationProjects } from "@/lib/domain/groups/list-filter-options";
import { listGroups } from "@/lib/domain/groups/list-groups";
import { groupsQueryFromSearch, groupsQueryToSearch } from "@/lib/domain/groups/list-groups-query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const query = groupsQueryFromSearch(await searchParams);
  const search = groupsQueryToSearch(query).toString();
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/groups${search ? `?${search}` : ""}`);
  const db = await getDb();
  const [page, projects, people] = await Promise.all([
    listGroups(db, { organizationId: access.organization.id, userId: access.userId }, query),
    listOrganizationProjects(db, access.organization.id),
    listOrganizationMembers(db, access.organization.id),
  ]);
  const assigneeOptions = assigneeChoices(people);
  return (
    <div className="mx-auto max-w-7xl space-y-4 p-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold text-slate-900">Groups</h1>
        <p className="text-xs text-slate-500">{access.organization.name}</p>
      </div>
      <GroupsList
        orgSlug={orgSlug}
        initialQuery={query}
        initialPage={page}
        projects={projects}
        assigneeOptions={assigneeOptions}
        canEdit={scopeGranted(access.scopes, "issues:write")}
      />
    </div>
  );
}
