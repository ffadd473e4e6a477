import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { badRequest } from "@/lib/errors";
import { groupSummary, type GroupSummary } from "./group-view";
import { groupSummaryRows } from "./group-summary-rows";
import { decodeGroupsCursor, encodeGroupsCursor, type GroupsCursor } from "./list-groups-cursor";
import type { GroupCountsQuery, GroupSort, ListGroupsQuery } from "./list-groups-query";
import { parseShortId } from "./short-id";
import { groupSparklines } from "./group-sparklines";

export { listGroupsQuerySchema, groupCountsQuerySchema, type ListGroupsQuery, type GroupCountsQuery } from "./list-groups-query";

export interface GroupListPage {
  groups: GroupSummary[];
  limit: number;
  /** Continues after the last group; null on the last page. */
  nextCursor: string | null;
  /** Goes back to the page before the first group; null on the first page. */
  previousCursor: string | null;
}

export interface GroupListViewer {
  organizationId: string;
  /** Who "assigned to me" means: the signed-in user or a token's creator; null for neither. */
  userId: string | null;
}

const STATUSES = ["unresolved", "resolved", "ignored"] as const;
type Status = (typeof STATUSES)[number];
const LEVELS = ["fatal", "error", "warning", "info", "debug"] as const;

/** The column each sort walks; each has a (projectId, status, column DESC, id DESC, level) index. */
const SORT_COLUMN: Record<GroupSort, Prisma.Sql> = {
  last_seen: Prisma.sql`g."lastSeen"`,
  first_seen: Prisma.sql`g."firstSeen"`,
  events: Prisma.sql`g."timesSeen"`,
  users: Prisma.sql`g."userCount"`,
};
const DATE_SORTS = new Set<GroupSort>(["last_seen", "first_seen"]);

/** The sort column as a number (epoch ms for dates) so cursors carry one kind of key. */
const sortKeySql = (sort: GroupSort) =>
  DATE_SORTS.has(sort) ? Prisma.sql`round(extract(epoch from ${SORT_COLUMN[sort]}) * 1000)::float8` : Prisma.sql`${SORT_COLUMN[sort]}::float8`;

const cursorKeySql = (sort: GroupSort, key: number) =>
  DATE_SORTS.has(sort) ? Prisma.sql`(${new Date(key).toISOString()}::timestamptz AT TIME ZONE 'UTC')` : Prisma.sql`${key}::int`;

/** The projects, statuses and levels the list covers. */
async function listScope(db: Db, viewer: GroupListViewer, query: GroupCountsQuery, statuses: readonly Status[]) {
  const projects = await db.project.findMany({
    where: { organizationId: viewer.organizationId, ...(query.project ? { slug: query.project } : {}) },
    select: { id: true, slug: true },
  });
  return { projects, statuses, levels: query.level ? [query.level] : [...LEVELS] };
}

type Scope = Awaited<ReturnType<typeof listScope>>;

/** Team ids through which "assigned to me" also matches. */
async function myTeamIds(db: Db, viewer: GroupListViewer): Promise<string[]> {
  if (!viewer.userId) throw badRequest("assigned=me needs a signed-in user or an API token that has a creator");
  const teams = await db.teamMember.findMany({
    where: { isActive: true, member: { userId: viewer.userId, organizationId: viewer.organizationId } },
    select: { teamId: true },
  });
  return teams.map((t) => t.teamId);
}

interface Conditions {
  sql: Prisma.Sql[];
  /**
   * For a filter that usually keeps few groups (assigned to me, linked, text search), where their
   * ids come from cheaply (the assignee, link or trigram indexes): walking the sort order could
   * otherwise pass over most of the organization's groups before a page is full. Null otherwise.
   */
  candidates: Prisma.Sql | null;
  /** Up to how many candidates are sorted directly rather than walked (text matches cost a heap read each). */
  candidateLimit: number;
}

/** Conditions on `g` (a Group row) for the filters the scope does not cover. */
async function filterConditions(db: Db, viewer: GroupListViewer, query: GroupCountsQuery, scope: Scope): Promise<Conditions> {
  const sql: Prisma.Sql[] = [];
  let candidates: Prisma.Sql | null = null;
  if (query.linked === "linked") {
    sql.push(Prisma.sql`EXISTS (SELECT 1 FROM "GroupLink" l WHERE l."groupId" = g."id")`);
    candidates = Prisma.sql`SELECT DISTINCT l."groupId" AS id FROM "ExternalIssue" x JOIN "GroupLink" l ON l."externalIssueId" = x."id"
      WHERE x."organizationId" = ${viewer.organizationId}`;
  }
  if (query.linked === "unlinked") sql.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM "GroupLink" l WHERE l."groupId" = g."id")`);
  if (query.assigned === "unassigned") sql.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM "GroupAssignee" a WHERE a."groupId" = g."id")`);
  if (query.assigned === "me") {
    const teams = await myTeamIds(db, viewer);
    // "Me" includes the teams the user is on, as in Sentry's "Assigned to me".
    const mine = Prisma.sql`(a."userId" = ${viewer.userId} OR a."teamId" = ANY(${teams}::text[]))`;
    sql.push(Prisma.sql`EXISTS (SELECT 1 FROM "GroupAssignee" a WHERE a."groupId" = g."id" AND ${mine})`);
    candidates = Prisma.sql`SELECT a."groupId" AS id FROM "GroupAssignee" a WHERE ${mine}`;
  }
  if (query.query) {
    // ILIKE '%…%' uses the pg_trgm indexes on title and culprit; the pattern's own % and _ are literal.
    const pattern = `%${query.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const text = [Prisma.sql`g."title" ILIKE ${pattern}`, Prisma.sql`g."culprit" ILIKE ${pattern}`];
    const shortId = parseShortId(query.query);
    const project = shortId ? scope.projects.find((p) => p.slug === shortId.projectSlug) : undefined;
    if (shortId && project) text.push(Prisma.sql`(g."projectId" = ${project.id} AND g."shortId" = ${shortId.shortId})`);
    const matches = Prisma.sql`(${Prisma.join(text, " OR ")})`;
    sql.push(matches);
    candidates ??= Prisma.sql`SELECT g."id" FROM "Group" g WHERE ${inScopeSql(scope)} AND ${matches}`;
  }
  return { sql, candidates, candidateLimit: query.linked === "linked" || query.assigned === "me" ? CANDIDATE_LIMIT : TEXT_CANDIDATE_LIMIT };
}

/** The scope as a WHERE on `g`, for queries that do not walk it triple by triple. */
const inScopeSql = (scope: Scope) => Prisma.sql`g."projectId" = ANY(${scope.projects.map((p) => p.id)}::text[])
  AND g."status" = ANY(${[...scope.statuses]}::text[]::"GroupStatus"[]) AND g."level" = ANY(${scope.levels}::text[]::"Level"[])`;

const whereSql = (conditions: Prisma.Sql[]) => (conditions.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`);

/** Up to this many groups matching a selective filter are sorted directly instead of walked. */
const CANDIDATE_LIMIT = 2000;
const TEXT_CANDIDATE_LIMIT = 300;

/**
 * The keyset query listGroups runs (exported so the bench can EXPLAIN ANALYZE it); null for an
 * organization without projects. Two ways: when a selective filter matches at most
 * CANDIDATE_LIMIT groups (found through the trigram, link or assignee indexes, in any order),
 * those are sorted; otherwise each (project, status) range of the sort index is walked from
 * the cursor and only a page's worth of rows from each is merged, so no page costs more than the first.
 */
export async function groupListSql(db: Db, viewer: GroupListViewer, query: ListGroupsQuery) {
  const cursor = query.cursor ? decodeGroupsCursor(query.cursor, query.sort) : null;
  const scope = await listScope(db, viewer, query, query.status === "all" ? STATUSES : [query.status]);
  const conditions = await filterConditions(db, viewer, query, scope);
  if (scope.projects.length === 0) return null;

  const backwards = cursor?.direction === "previous";
  const column = SORT_COLUMN[query.sort];
  const order = backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const after = cursor
    ? Prisma.sql`AND (${column}, g."id") ${backwards ? Prisma.sql`>` : Prisma.sql`<`} (${cursorKeySql(query.sort, cursor.key)}, ${cursor.id})`
    : Prisma.empty;
  // Old links' ?page=N: an offset over the merged order (only without a cursor).
  const offset = cursor ? 0 : (query.page - 1) * query.limit;
  const take = offset + query.limit + 1;

  if (conditions.candidates) {
    // Counted first, without shipping ids back and forth: the sorted query reads the same source.
    const limit = conditions.candidateLimit;
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM (${conditions.candidates}) AS c LIMIT ${limit + 1}) AS capped`;
    if (n <= limit) {
      const sql = Prisma.sql`
        SELECT g."id", g."key" FROM (SELECT DISTINCT c."id" FROM (${conditions.candidates}) AS c) AS c
        -- One primary-key look-up per candidate (OFFSET 0 keeps the planner from hashing the whole table instead).
        CROSS JOIN LATERAL (
          SELECT g."id", ${column} AS "sortValue", ${sortKeySql(query.sort)} AS "key" FROM "Group" g
          WHERE g."id" = c.id AND ${inScopeSql(scope)} ${whereSql(conditions.sql)} ${after} OFFSET 0
        ) AS g
        ORDER BY g."sortValue" ${order}, g."id" ${order}
        LIMIT ${take} OFFSET ${offset}`;
      return { sql, cursor, backwards, offset, strategy: "candidates" as const };
    }
  }
  const level = query.level ? Prisma.sql`AND g."level" = ${query.level}::"Level"` : Prisma.empty;
  const sql = Prisma.sql`
    SELECT page."id", page."key" FROM (
      SELECT p.id AS "projectId", st.status FROM unnest(${scope.projects.map((p) => p.id)}::text[]) AS p(id)
      CROSS JOIN unnest(${[...scope.statuses]}::text[]::"GroupStatus"[]) AS st(status)
    ) AS s
    CROSS JOIN LATERAL (
      SELECT g."id", ${column} AS "sortValue", ${sortKeySql(query.sort)} AS "key" FROM "Group" g
      WHERE g."projectId" = s."projectId" AND g."status" = s.status ${level} ${whereSql(conditions.sql)} ${after}
      ORDER BY ${column} ${order}, g."id" ${order}
      LIMIT ${take}
    ) AS page
    ORDER BY page."sortValue" ${order}, page."id" ${order}
    LIMIT ${take} OFFSET ${offset}`;
  return { sql, cursor, backwards, offset, strategy: "walk" as const };
}

/**
 * One page of an organization's groups, filtered and sorted as the groups list asks, by keyset:
 * each (project, status) pair walks its own index in the sort's order from the cursor and only the
 * page's worth of rows from each is merged, so no page costs more than the first.
 */
export async function listGroups(db: Db, viewer: GroupListViewer, query: ListGroupsQuery): Promise<GroupListPage> {
  const plan = await groupListSql(db, viewer, query);
  if (!plan) return { groups: [], limit: query.limit, nextCursor: null, previousCursor: null };
  const { cursor, backwards, offset } = plan;
  const rows = await db.$queryRaw<{ id: string; key: number }[]>(plan.sql);
  const more = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  if (backwards) pageRows.reverse();
  const groups = await summariesInOrder(db, pageRows.map((r) => r.id));
  const at = (row: { id: string; key: number } | undefined, direction: GroupsCursor["direction"]) =>
    row ? encodeGroupsCursor({ sort: query.sort, direction, key: row.key, id: row.id }) : null;
  const first = pageRows[0];
  const last = pageRows[pageRows.length - 1];
  // Going forwards there is a previous page when we came by cursor (or offset); going backwards,
  // when more rows were found before this page; and the reverse for the next page.
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : cursor !== null || offset > 0;
  return {
    groups,
    limit: query.limit,
    nextCursor: hasNext ? at(last, "next") : null,
    previousCursor: hasPrevious ? at(first, "previous") : null,
  };
}

/** The list rows for ids, in the ids' order, with linked state and 14-day sparklines. */
async function summariesInOrder(db: Db, ids: string[]): Promise<GroupSummary[]> {
  if (ids.length === 0) return [];
  const [rows, sparklines] = await Promise.all([
    groupSummaryRows(db, ids),
    groupSparklines(db, ids, new Date()),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [groupSummary(row, sparklines.get(id) ?? [])] : [];
  });
}

export const COUNT_CAP = 1000;

export interface StatusCount {
  count: number;
  /** True when there are more than `count` (= COUNT_CAP): show "1,000+". */
  capped: boolean;
}

export interface GroupStatusCounts {
  counts: Record<Status | "all", StatusCount>;
}

/** How many groups each status tab holds under the other filters, counting no further than COUNT_CAP. */
export async function countGroupsByStatus(db: Db, viewer: GroupListViewer, query: GroupCountsQuery): Promise<GroupStatusCounts> {
  const scope = await listScope(db, viewer, query, STATUSES);
  const conditions = await filterConditions(db, viewer, query, scope);
  const counted = new Map<Status, number>();
  if (scope.projects.length > 0) {
    const rows = await db.$queryRaw<{ status: Status; n: number }[]>`
      SELECT st.status::text AS status, (
        SELECT count(*)::int FROM (
          SELECT 1 FROM "Group" g
          WHERE g."projectId" = ANY(${scope.projects.map((p) => p.id)}::text[]) AND g."status" = st.status
            AND g."level" = ANY(${scope.levels}::text[]::"Level"[]) ${whereSql(conditions.sql)}
          LIMIT ${COUNT_CAP + 1}
        ) AS capped
      ) AS n
      FROM unnest(${[...STATUSES]}::text[]::"GroupStatus"[]) AS st(status)`;
    for (const row of rows) counted.set(row.status, row.n);
  }
  const count = (n: number): StatusCount => ({ count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP });
  const total = STATUSES.reduce((sum, status) => sum + (counted.get(status) ?? 0), 0);
  return {
    counts: {
      unresolved: count(counted.get("unresolved") ?? 0),
      resolved: count(counted.get("resolved") ?? 0),
      ignored: count(counted.get("ignored") ?? 0),
      all: count(total),
    },
  };
}
