import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { badRequest } from "@/lib/errors";
import { groupSummary, groupSummarySelect, type GroupSummary } from "./group-view";
import type { AssignedFilter, GroupSort, ListGroupsQuery } from "./list-groups-query";
import { parseShortId } from "./short-id";

export { listGroupsQuerySchema, type ListGroupsQuery } from "./list-groups-query";

export interface GroupListPage {
  groups: GroupSummary[];
  total: number;
  page: number;
  limit: number;
  pageCount: number;
  hasNextPage: boolean;
}

export interface GroupListViewer {
  organizationId: string;
  /** Who "assigned to me" means: the signed-in user or a token's creator; null for neither. */
  userId: string | null;
}

const ORDER: Record<GroupSort, Prisma.GroupOrderByWithRelationInput[]> = {
  last_seen: [{ lastSeen: "desc" }, { id: "desc" }],
  first_seen: [{ firstSeen: "desc" }, { id: "desc" }],
  events: [{ timesSeen: "desc" }, { lastSeen: "desc" }, { id: "desc" }],
};

function assignedWhere(assigned: AssignedFilter, userId: string | null): Prisma.GroupWhereInput {
  if (assigned === "unassigned") return { assignee: { is: null } };
  if (assigned === "anyone") return {};
  if (!userId) throw badRequest("assigned=me needs a signed-in user or an API token that has a creator");
  // "Me" includes the teams the user is on, as in Sentry's "Assigned to me".
  return {
    assignee: {
      is: { OR: [{ userId }, { team: { members: { some: { isActive: true, member: { userId } } } } }] },
    },
  };
}

function queryWhere(query: string | undefined): Prisma.GroupWhereInput {
  if (!query) return {};
  const text: Prisma.GroupWhereInput[] = [
    { title: { contains: query, mode: "insensitive" } },
    { culprit: { contains: query, mode: "insensitive" } },
  ];
  const shortId = parseShortId(query);
  if (shortId) text.push({ shortId: shortId.shortId, project: { slug: shortId.projectSlug } });
  return { OR: text };
}

export function groupListWhere(viewer: GroupListViewer, query: ListGroupsQuery): Prisma.GroupWhereInput {
  return {
    AND: [
      { project: { organizationId: viewer.organizationId, ...(query.project ? { slug: query.project } : {}) } },
      query.status === "all" ? {} : { status: query.status },
      assignedWhere(query.assigned, viewer.userId),
      queryWhere(query.query),
    ],
  };
}

/** One page of an organization's groups, filtered and sorted as the groups list asks. */
export async function listGroups(db: Db, viewer: GroupListViewer, query: ListGroupsQuery): Promise<GroupListPage> {
  const where = groupListWhere(viewer, query);
  const [rows, total] = await Promise.all([
    db.group.findMany({ where, orderBy: ORDER[query.sort], skip: (query.page - 1) * query.limit, take: query.limit, select: groupSummarySelect }),
    db.group.count({ where }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / query.limit));
  return { groups: rows.map(groupSummary), total, page: query.page, limit: query.limit, pageCount, hasNextPage: query.page < pageCount };
}
