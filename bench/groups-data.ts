import { rebuildGroupAggregates } from "@/lib/domain/groups/rebuild-group-aggregates";
import type { Db } from "@/lib/db/client";
import { createMemberFixture, createOrganizationFixture, createProjectFixture } from "@/lib/testing/fixtures";

// The groups-list bench's data: one organization with `groups` groups in three projects and
// `events` events, generated inside PostgreSQL (INSERT … SELECT generate_series) in well under a
// minute. Realistic enough for the planner: events per group are skewed (a few groups hold most
// of them, every group has at least one), most events fall in the last 14 days, levels and
// statuses are mixed, 10% of groups are assigned (spread over 20 members) and 1% to a team, 2% are linked
// to an external issue, 80% of events name one of 20,000 users. Aggregates (times seen, first and
// last seen, userCount, GroupUser, GroupEventBucket) are then derived from the events exactly as
// the migration backfills them.

export interface GroupsBenchWorld {
  organizationId: string;
  orgSlug: string;
  userId: string;
  projectSlugs: string[];
}

const TITLES = [
  "TypeError: Cannot read properties of undefined (reading 'price')",
  "ReferenceError: session is not defined",
  "TimeoutError: upstream request timed out",
  "ECONNREFUSED payment-service:8080",
  "QuotaExceededError: storage is full",
  "ChunkLoadError: Loading chunk failed",
  "SyntaxError: Unexpected token < in JSON",
  "RangeError: Maximum call stack size exceeded",
  "Error: Hydration failed because the server HTML did not match",
  "PrismaClientKnownRequestError: Unique constraint failed",
  "AbortError: The operation was aborted",
  "NetworkError when attempting to fetch resource",
];

export async function generateGroupsBenchData(db: Db, options: { groups: number; events: number }): Promise<GroupsBenchWorld> {
  const org = await createOrganizationFixture(db, { slug: "bench-groups", name: "Bench groups" });
  const projects = [
    await createProjectFixture(db, org.id, { slug: "api", name: "API" }),
    await createProjectFixture(db, org.id, { slug: "web", name: "Web" }),
    await createProjectFixture(db, org.id, { slug: "jobs", name: "Jobs" }),
  ];
  const user = await createMemberFixture(db, org.id, { role: "owner", email: "bench-owner@example.com" });
  const team = await db.team.create({ data: { organizationId: org.id, slug: "backend", name: "Backend" } });
  const member = await db.organizationMember.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: org.id, userId: user.id } } });
  await db.teamMember.create({ data: { teamId: team.id, memberId: member.id } });
  const integration = await db.integration.create({ data: { provider: "jira", externalId: `bench-${org.id}`, name: "Bench Jira" } });
  const [p1, p2, p3] = projects.map((p) => p.id);
  const titles = TITLES;

  // Groups: 60% api, 30% web, 10% jobs. Times are placeholders until the events are in.
  await db.$executeRaw`
    INSERT INTO "Group" ("id", "projectId", "shortId", "fingerprint", "title", "culprit", "level", "status", "substatus", "firstSeen", "lastSeen", "timesSeen", "updatedAt")
    SELECT 'bg' || lpad(i::text, 7, '0'),
      CASE WHEN i % 10 < 6 THEN ${p1} WHEN i % 10 < 9 THEN ${p2} ELSE ${p3} END,
      i, 'fp-' || i,
      (${titles}::text[])[1 + (i * 7919) % ${titles.length}] || ' #' || i,
      'app/module' || (i % 500) || '/handler' || (i % 37),
      (CASE WHEN h < 2 THEN 'fatal' WHEN h < 70 THEN 'error' WHEN h < 88 THEN 'warning' WHEN h < 97 THEN 'info' ELSE 'debug' END)::"Level",
      (CASE WHEN s < 70 THEN 'unresolved' WHEN s < 90 THEN 'resolved' ELSE 'ignored' END)::"GroupStatus",
      (CASE WHEN s < 70 THEN 'ongoing' WHEN s < 90 THEN NULL ELSE 'forever' END)::"GroupSubstatus",
      now(), now(), 0, now()
    FROM generate_series(1, ${options.groups}::int) AS i,
      LATERAL (SELECT (i * 2654435761::bigint) % 100 AS h, (i * 40503::bigint + 17) % 100 AS s) AS r`;
  await db.$executeRaw`UPDATE "Project" SET "nextShortId" = ${options.groups + 1} WHERE "organizationId" = ${org.id}`;

  // Events: one per group, then the rest skewed towards low group numbers (random()^3).
  // 85% in the last 14 days, the rest up to 90 days back.
  await db.$executeRaw`
    INSERT INTO "Event" ("id", "groupId", "projectId", "eventId", "timestamp", "receivedAt", "level", "title", "culprit", "userTag")
    SELECT 'be' || e.n, g."id", g."projectId", md5(e.n::text), e.ts, e.ts, g."level", g."title", g."culprit",
      CASE WHEN random() < 0.8 THEN 'user-' || floor(power(random(), 2) * 20000)::int ELSE NULL END
    FROM (
      SELECT n,
        CASE WHEN n <= ${options.groups} THEN n ELSE 1 + floor(power(random(), 3) * ${options.groups})::int END AS gi,
        (now() AT TIME ZONE 'UTC') - (CASE WHEN random() < 0.85 THEN random() * interval '14 days' ELSE random() * interval '90 days' END) AS ts
      FROM generate_series(1, ${options.events}::int) AS n
    ) AS e
    JOIN "Group" g ON g."id" = 'bg' || lpad(e.gi::text, 7, '0')`;

  await db.$executeRaw`
    UPDATE "Group" AS g SET "timesSeen" = a.n, "firstSeen" = a.first, "lastSeen" = a.last
    FROM (SELECT "groupId", count(*)::int AS n, min("timestamp") AS first, max("timestamp") AS last FROM "Event" GROUP BY "groupId") AS a
    WHERE g."id" = a."groupId"`;
  await rebuildGroupAggregates(db, "all");

  // 10% of groups assigned, spread over 20 members (the bench user is one of them), 1% to the team.
  const others = [];
  for (let i = 1; i < 20; i += 1) others.push((await createMemberFixture(db, org.id, { email: `bench-member-${i}@example.com` })).id);
  const assignees = [user.id, ...others];
  await db.$executeRaw`
    INSERT INTO "GroupAssignee" ("id", "groupId", "projectId", "userId", "teamId")
    SELECT 'ba' || substr(g."id", 3), g."id", g."projectId",
      CASE WHEN (substr(g."id", 3)::int * 31) % 100 < 10 THEN (${assignees}::text[])[1 + substr(g."id", 3)::int % 20] ELSE NULL END,
      CASE WHEN (substr(g."id", 3)::int * 31) % 100 < 10 THEN NULL ELSE ${team.id} END
    FROM "Group" g WHERE g."id" LIKE 'bg%' AND (substr(g."id", 3)::int * 31) % 100 < 11`;
  // 2% linked to an external issue each.
  await db.$executeRaw`
    INSERT INTO "ExternalIssue" ("id", "organizationId", "integrationId", "key", "title", "webUrl")
    SELECT 'bx' || substr(g."id", 3), ${org.id}, ${integration.id}, 'BENCH-' || substr(g."id", 3)::int, g."title", 'https://bench.invalid/browse/BENCH-' || substr(g."id", 3)::int
    FROM "Group" g WHERE g."id" LIKE 'bg%' AND (substr(g."id", 3)::int * 13) % 100 < 2`;
  await db.$executeRaw`
    INSERT INTO "GroupLink" ("id", "groupId", "externalIssueId")
    SELECT 'bl' || substr(x."id", 3), 'bg' || substr(x."id", 3), x."id" FROM "ExternalIssue" x WHERE x."id" LIKE 'bx%'`;
  return { organizationId: org.id, orgSlug: org.slug, userId: user.id, projectSlugs: projects.map((p) => p.slug) };
}

/** The bench organization when the database already holds it. */
export async function findGroupsBenchWorld(db: Db): Promise<GroupsBenchWorld | null> {
  const org = await db.organization.findUnique({ where: { slug: "bench-groups" }, select: { id: true, slug: true, projects: { select: { slug: true } } } });
  if (!org) return null;
  const owner = await db.user.findFirst({ where: { email: "bench-owner@example.com" }, select: { id: true } });
  if (!owner) return null;
  return { organizationId: org.id, orgSlug: org.slug, userId: owner.id, projectSlugs: org.projects.map((p) => p.slug) };
}
