// The demo organization `npm start` loads into an empty database, so a first visit shows a
// realistic dashboard: people, teams, projects and a few hundred groups with two weeks of events
// and a triage trail (assignments, resolutions, archives). Everything comes from a seeded PRNG, so
// two runs produce the same data (relative to `now`) and tests can count on it.
import { randomUUID } from "node:crypto";
import { insertProjectKey } from "@/lib/domain/projects/project-key";
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { computeFingerprint } from "@/lib/domain/events/fingerprint";
import { rebuildGroupAggregates } from "@/lib/domain/groups/rebuild-group-aggregates";
import type { GroupHistoryStatus, GroupSubstatus, Level, MemberRole, Prisma } from "@/lib/generated/prisma/client";
import { conflict } from "@/lib/http/errors";
import { demoSdkPayload } from "./seed-demo-sdk-event";
import { API, WEB, WEB_BROWSERS, WEB_OPERATING_SYSTEMS, WEB_PATHS, WORKER, type DemoPlatform } from "./seed-demo-templates";

export const DEMO_LOGIN = { email: "demo@tether.local", password: "tether-demo" } as const;
export const DEMO_ORGANIZATION_SLUG = "acme";
export const DEMO_GROUPS_PER_PROJECT = 100;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW = 14 * DAY;
const CHUNK = 1000;

type Tx = Prisma.TransactionClient;

export interface SeedDemoOptions {
  /** Delete an existing demo organization and the demo users first instead of refusing. */
  reset?: boolean;
  /** The moment "now" for the two-week timeline (tests pin it). */
  now?: Date;
  seed?: number;
}

export interface SeedDemoResult {
  organizationSlug: string;
  login: { email: string; password: string };
  groups: number;
}

const DEMO_USERS: { key: string; email: string; name: string; role: MemberRole; teams: string[] }[] = [
  { key: "demo", email: DEMO_LOGIN.email, name: "Dana Demo", role: "owner", teams: ["backend", "frontend"] },
  { key: "maya", email: "maya.chen@tether.local", name: "Maya Chen", role: "admin", teams: ["backend"] },
  { key: "sam", email: "sam.rivera@tether.local", name: "Sam Rivera", role: "member", teams: ["frontend"] },
  { key: "priya", email: "priya.patel@tether.local", name: "Priya Patel", role: "member", teams: ["backend"] },
  { key: "jonas", email: "jonas.weber@tether.local", name: "Jonas Weber", role: "admin", teams: ["frontend", "backend"] },
];

const DEMO_TEAMS = [
  { slug: "backend", name: "Backend" },
  { slug: "frontend", name: "Frontend" },
];

const DEMO_PROJECTS: { slug: string; name: string; platform: string; teams: string[]; errors: DemoPlatform; versions: string[] }[] = [
  { slug: "api", name: "API", platform: "python", teams: ["backend"], errors: API, versions: ["2.14.0", "2.14.1", "2.15.0", "2.16.0"] },
  { slug: "web", name: "Web", platform: "javascript-react", teams: ["frontend"], errors: WEB, versions: ["4.7.0", "4.8.0", "4.8.1", "4.9.0"] },
  { slug: "worker", name: "Worker", platform: "node", teams: ["backend", "frontend"], errors: WORKER, versions: ["1.3.2", "1.4.0", "1.4.1"] },
];

/** mulberry32: small, fast and good enough to make demo data look random yet repeatable. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    hex: (length: number) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join(""),
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
type Random = ReturnType<typeof prng>;

/** True when the database has no organization at all (a fresh install). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await db.organization.findFirst({ select: { id: true } })) === null;
}

async function clearOrRefuse(tx: Tx, reset: boolean): Promise<void> {
  const emails = DEMO_USERS.map((u) => u.email);
  const organization = await tx.organization.findUnique({ where: { slug: DEMO_ORGANIZATION_SLUG }, select: { id: true } });
  const users = await tx.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
  if (!reset && (organization || users.length > 0)) {
    const what = organization ? `The organization '${DEMO_ORGANIZATION_SLUG}'` : `The demo user ${users[0].email}`;
    throw conflict(`${what} already exists, so the demo data was not loaded; reset it to load it again (tether demo --reset)`);
  }
  if (organization) await tx.organization.delete({ where: { id: organization.id } });
  await tx.userEmail.deleteMany({ where: { email: { in: emails } } });
  await tx.user.deleteMany({ where: { email: { in: emails } } });
}

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

function fillTemplate(value: string, fill: Record<string, readonly string[]> | undefined, next: () => number): string {
  if (!fill) return value;
  const chosen = Object.fromEntries(Object.entries(fill).map(([key, options]) => [key, options[Math.floor(next() * options.length)]]));
  return value.replace(/\{(\w+)\}/g, (whole, key: string) => chosen[key] ?? whole);
}

interface PlannedGroup {
  type: string;
  value: string;
  title: string;
  culprit: string;
  file: string;
  fn: string;
  level: Level;
  fingerprint: string;
}

/** Distinct (error, place) pairs for one project, never two with the same fingerprint. */
function planGroups(platform: DemoPlatform, count: number, random: Random): PlannedGroup[] {
  // The platform's signature problem (its first error in its first place) always leads the list.
  const [headline, ...others] = platform.errors.flatMap((error) => platform.culprits.map((culprit) => ({ error, culprit })));
  const combos = [headline, ...random.shuffle(others)];
  const seen = new Set<string>();
  const planned: PlannedGroup[] = [];
  for (const { error, culprit } of combos) {
    const culpritText = `${culprit.file} in ${culprit.fn}`;
    const fingerprint = computeFingerprint({ exceptionType: error.type, culprit: culpritText });
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    const value = planned.length === 0 ? fillTemplate(error.value, error.fill, () => 0) : fillTemplate(error.value, error.fill, random.next);
    planned.push({
      type: error.type,
      value,
      title: value ? `${error.type}: ${value}` : error.type,
      culprit: culpritText,
      file: culprit.file,
      fn: culprit.fn,
      level: error.level ?? "error",
      fingerprint,
    });
    if (planned.length === count) return planned;
  }
  throw new Error(`demo templates give only ${planned.length} distinct groups, ${count} wanted`);
}

interface DemoEvent {
  id: string;
  groupId: string;
  projectId: string;
  eventId: string;
  timestamp: Date;
  receivedAt: Date;
  level: Level;
  title: string;
  culprit: string;
  exceptionType: string;
  exceptionValue: string | null;
  frames: Prisma.InputJsonArray;
  tags: Record<string, string>;
  userTag: string | null;
  userData: { id: string } | null;
  releaseId: string;
  environment: string;
  /** Only on each project's headline group's latest event: what an SDK sent (see seed-demo-sdk-event.ts). */
  payload?: Prisma.InputJsonValue;
  platform?: string;
  transaction?: string | null;
}

/** Rows for everything under the groups, collected first and written in a few large statements. */
interface Rows {
  groups: Prisma.GroupCreateManyInput[];
  events: DemoEvent[];
  activities: Prisma.ActivityCreateManyInput[];
  histories: Prisma.GroupHistoryCreateManyInput[];
  assignees: Prisma.GroupAssigneeCreateManyInput[];
  subscriptions: Prisma.GroupSubscriptionCreateManyInput[];
  resolutions: Prisma.GroupResolutionCreateManyInput[];
}

interface ProjectContext {
  id: string;
  slug: string;
  platform: DemoPlatform;
  releases: { id: string; version: string; dateAdded: Date }[];
  teams: { id: string; slug: string }[];
  users: { id: string; email: string }[];
}

const SOURCE = { kind: "dashboard" } as const;

function releaseAt(releases: ProjectContext["releases"], at: Date) {
  let current = releases[0];
  for (const release of releases) if (release.dateAdded <= at) current = release;
  return current;
}

function tagsFor(project: ProjectContext, random: Random, environment: string, release: string): Record<string, string> {
  if (project.platform === WEB) {
    return { browser: random.pick(WEB_BROWSERS), os: random.pick(WEB_OPERATING_SYSTEMS), environment, release, url: `https://shop.acme.example${random.pick(WEB_PATHS)}` };
  }
  const runtime = project.platform === API ? "CPython 3.12.7" : "node v20.18.1";
  const server = project.platform === API ? `api-${random.int(1, 4)}` : `worker-${random.int(1, 3)}`;
  return { runtime, os: "Linux", server_name: server, environment, release };
}

/** Adds one group with its events and trail; `history` entries are chained in time order. */
function addGroup(rows: Rows, project: ProjectContext, planned: PlannedGroup, shortId: number, now: number, random: Random): void {
  const groupId = randomUUID();
  // The first group of each project is its loud, long-running, still open problem.
  const headline = shortId === 1;
  const roll = headline ? 1 : random.next();
  const status = roll < 0.18 ? "resolved" : roll < 0.28 ? "ignored" : "unresolved";
  // A group closed by someone has been around for at least half a day.
  const age = headline ? 13 * DAY : Math.max(WINDOW * random.next() ** 0.8, status === "unresolved" ? 60_000 : 12 * HOUR);
  const firstSeen = now - age;
  const eventCount = headline ? 50 : Math.max(1, Math.min(50, Math.round(1 + 49 * random.next() ** 2.2)));
  // Resolved problems stopped happening a while ago; open ones are still being seen.
  const span = now - firstSeen;
  const lastSeen = eventCount === 1 ? firstSeen : status === "resolved" ? firstSeen + span * (0.2 + 0.6 * random.next()) : firstSeen + span * (1 - random.next() ** 3 * 0.5);

  const usersAffected = random.int(1, 40);
  const userBase = random.int(1, 5000);
  const environmentStaging = random.chance(0.15);
  let firstEventId = "";
  for (let i = 0; i < eventCount; i++) {
    const timestamp = i === 0 ? firstSeen : i === eventCount - 1 ? lastSeen : firstSeen + (lastSeen - firstSeen) * random.next();
    const at = new Date(Math.round(timestamp));
    const release = releaseAt(project.releases, at);
    const environment = environmentStaging && random.chance(0.7) ? "staging" : "production";
    const hasUser = project.platform !== WORKER || random.chance(0.3);
    const userId = `u_${userBase + random.int(0, usersAffected - 1)}`;
    const eventId = random.hex(32);
    if (i === 0) firstEventId = eventId;
    rows.events.push({
      id: randomUUID(),
      groupId,
      projectId: project.id,
      eventId,
      timestamp: at,
      receivedAt: new Date(at.getTime() + random.int(50, 2000)),
      level: planned.level,
      title: planned.title,
      culprit: planned.culprit,
      exceptionType: planned.type,
      exceptionValue: planned.value || null,
      frames: [
        { filename: project.platform.libraryFrames[0].file, function: project.platform.libraryFrames[0].fn, lineno: random.int(100, 4000), inApp: false },
        { filename: planned.file, function: planned.fn, lineno: random.int(10, 400), colno: random.int(1, 80), inApp: true },
      ],
      tags: tagsFor(project, random, environment, release.version),
      userTag: hasUser ? `id:${userId}` : null,
      userData: hasUser ? { id: userId } : null,
      releaseId: release.id,
      environment,
      ...(headline && i === eventCount - 1
        ? demoSdkPayload(project.platform === WEB ? "browser" : project.platform === API ? "python" : "node", {
            eventId,
            timestamp: at,
            type: planned.type,
            value: planned.value || null,
            file: planned.file,
            fn: planned.fn,
            release: release.version,
            environment,
          })
        : {}),
    });
  }

  const trail: { status: GroupHistoryStatus; at: number; actor: string | null; releaseId?: string }[] = [];
  const activity = (type: Prisma.ActivityCreateManyInput["type"], at: number, userId: string | null, data: Prisma.InputJsonObject) =>
    rows.activities.push({ id: randomUUID(), groupId, type, userId, data, createdAt: new Date(Math.round(at)) });
  const actor = () => (random.chance(0.4) ? project.users[0] : random.pick(project.users));
  activity("first_seen", firstSeen, null, { event_id: firstEventId });

  // Assignment comes before whatever status change closed the group.
  if (random.chance(0.38)) {
    const at = firstSeen + (Math.min(lastSeen + 6 * HOUR, now) - firstSeen) * random.next();
    const by = actor();
    const toTeam = random.chance(0.25);
    const user = random.pick(project.users);
    const team = random.pick(project.teams);
    rows.assignees.push({ id: randomUUID(), groupId, projectId: project.id, userId: toTeam ? null : user.id, teamId: toTeam ? team.id : null, createdAt: new Date(Math.round(at)) });
    rows.subscriptions.push({ id: randomUUID(), groupId, userId: toTeam ? null : user.id, teamId: toTeam ? team.id : null, reason: "assigned", createdAt: new Date(Math.round(at)) });
    activity("assigned", at, by.id, {
      assignee: toTeam ? team.id : user.id,
      assigneeType: toTeam ? "team" : "user",
      assigneeEmail: toTeam ? null : user.email,
      source: SOURCE,
    });
    trail.push({ status: "assigned", at, actor: by.id });
  }

  let substatus: GroupSubstatus | null = null;
  let statusDetails: Prisma.InputJsonObject = {};
  let resolvedAt: Date | null = null;
  const closedAt = Math.min(lastSeen + (1 + 47 * random.next()) * HOUR, now - 10 * 60_000);
  const closer = actor();
  if (status === "resolved") {
    resolvedAt = new Date(Math.round(Math.max(closedAt, lastSeen + 60_000)));
    const release = releaseAt(project.releases, resolvedAt);
    if (random.chance(0.33)) {
      statusDetails = { inRelease: release.version };
      rows.resolutions.push({ id: randomUUID(), groupId, releaseId: release.id, type: "in_release", currentReleaseVersion: release.version, actorId: closer.id, createdAt: resolvedAt });
      activity("set_resolved_in_release", resolvedAt.getTime(), closer.id, { version: release.version, current_release_version: release.version, source: SOURCE });
      trail.push({ status: "set_resolved_in_release", at: resolvedAt.getTime(), actor: closer.id, releaseId: release.id });
    } else {
      activity("set_resolved", resolvedAt.getTime(), closer.id, { source: SOURCE });
      trail.push({ status: "resolved", at: resolvedAt.getTime(), actor: closer.id });
    }
  } else if (status === "ignored") {
    const kind = random.pick(["until_escalating", "forever", "until_condition_met"] as const);
    substatus = kind;
    statusDetails = kind === "until_escalating" ? { ignoreUntilEscalating: true } : kind === "forever" ? {} : { ignoreCount: 100 };
    const history: GroupHistoryStatus = kind === "until_escalating" ? "archived_until_escalating" : kind === "forever" ? "archived_forever" : "archived_until_condition_met";
    activity("set_ignored", closedAt, closer.id, { ...statusDetails, substatus: kind, source: SOURCE });
    trail.push({ status: history, at: closedAt, actor: closer.id });
  } else if (now - firstSeen < 3 * DAY) {
    substatus = "new";
  } else if (random.chance(0.12) && eventCount > 2) {
    // Resolved once, then seen again.
    substatus = "regressed";
    const resolved = firstSeen + (lastSeen - firstSeen) * 0.5;
    activity("set_resolved", resolved, closer.id, { source: SOURCE });
    trail.push({ status: "resolved", at: resolved, actor: closer.id });
    const regressed = resolved + (lastSeen - resolved) * 0.5;
    activity("set_regression", regressed, null, { event_id: random.hex(32), version: releaseAt(project.releases, new Date(regressed)).version });
    trail.push({ status: "regressed", at: regressed, actor: null });
  } else if (random.chance(0.1)) {
    substatus = "escalating";
    trail.push({ status: "escalating", at: lastSeen, actor: null });
  } else {
    substatus = "ongoing";
  }

  let previousId: string | null = null;
  for (const entry of trail.sort((a, b) => a.at - b.at)) {
    const id = randomUUID();
    rows.histories.push({
      id,
      groupId,
      status: entry.status,
      actorUserId: entry.actor,
      releaseId: entry.releaseId ?? null,
      previousId,
      source: entry.actor ? "dashboard" : "api",
      createdAt: new Date(Math.round(entry.at)),
    });
    previousId = id;
  }

  rows.groups.push({
    id: groupId,
    projectId: project.id,
    shortId,
    fingerprint: planned.fingerprint,
    title: planned.title,
    culprit: planned.culprit,
    level: planned.level,
    status,
    substatus,
    statusDetails,
    firstSeen: new Date(Math.round(firstSeen)),
    lastSeen: new Date(Math.round(lastSeen)),
    timesSeen: eventCount,
    resolvedAt,
    firstReleaseId: releaseAt(project.releases, new Date(firstSeen)).id,
    createdAt: new Date(Math.round(firstSeen)),
  });
}

/**
 * Events go in as one JSON parameter per chunk: createMany binds every column of every row
 * separately, which made the events most of the seeding time on PGlite.
 */
async function insertEvents(tx: Tx, events: DemoEvent[]): Promise<void> {
  const records = events.map((e) => ({ ...e, timestamp: e.timestamp.toISOString(), receivedAt: e.receivedAt.toISOString() }));
  await tx.$executeRaw`
    INSERT INTO "Event" ("id", "groupId", "projectId", "eventId", "timestamp", "receivedAt", "level", "title", "culprit",
      "exceptionType", "exceptionValue", "frames", "tags", "userTag", "userData", "releaseId", "environment", "payload", "platform", "transaction")
    SELECT e."id", e."groupId", e."projectId", e."eventId", (e."timestamp"::timestamptz AT TIME ZONE 'UTC'), (e."receivedAt"::timestamptz AT TIME ZONE 'UTC'),
      e."level"::"Level", e."title", e."culprit", e."exceptionType", e."exceptionValue", e."frames", e."tags", e."userTag", e."userData",
      e."releaseId", e."environment", e."payload", e."platform", e."transaction"
    FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS e("id" text, "groupId" text, "projectId" text, "eventId" text, "timestamp" text,
      "receivedAt" text, "level" text, "title" text, "culprit" text, "exceptionType" text, "exceptionValue" text, "frames" jsonb,
      "tags" jsonb, "userTag" text, "userData" jsonb, "releaseId" text, "environment" text, "payload" jsonb, "platform" text, "transaction" text)`;
}

async function writeRows(tx: Tx, rows: Rows): Promise<void> {
  await tx.group.createMany({ data: rows.groups });
  await inChunks(rows.events, (chunk) => insertEvents(tx, chunk));
  // The events went in around ingestion, so the list's users and sparkline counts are built here.
  await rebuildGroupAggregates(tx, [...new Set(rows.events.map((e) => e.groupId))]);
  await inChunks(rows.activities, (data) => tx.activity.createMany({ data }));
  // Chained entries point at earlier ones, which come first in the list.
  await inChunks(rows.histories, (data) => tx.groupHistory.createMany({ data }));
  await tx.groupAssignee.createMany({ data: rows.assignees });
  await tx.groupSubscription.createMany({ data: rows.subscriptions });
  await tx.groupResolution.createMany({ data: rows.resolutions });
}

/**
 * Creates the demo organization 'acme': five users (all with the demo password; the demo login is
 * its owner), two teams, three projects with releases, and 300 groups with events over the last
 * 14 days. Refuses when the organization or a demo user exists, unless `reset` is set.
 */
export async function seedDemoData(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const now = (options.now ?? new Date()).getTime();
  const random = prng(options.seed ?? 20_251_122);
  // One hash for every demo user: bcrypt is slow by design, and they share the demo password.
  const passwordHash = await hashPassword(DEMO_LOGIN.password);

  const groups = await db.$transaction(
    async (tx) => {
      await clearOrRefuse(tx, options.reset === true);
      const organization = await tx.organization.create({ data: { slug: DEMO_ORGANIZATION_SLUG, name: "Acme", createdAt: new Date(now - 30 * DAY) } });

      const users = DEMO_USERS.map((u) => ({ ...u, id: randomUUID(), memberId: randomUUID() }));
      await tx.user.createMany({ data: users.map((u) => ({ id: u.id, email: u.email, name: u.name, passwordHash, createdAt: new Date(now - 30 * DAY) })) });
      await tx.userEmail.createMany({ data: users.map((u) => ({ userId: u.id, email: u.email, isVerified: true })) });
      await tx.organizationMember.createMany({ data: users.map((u) => ({ id: u.memberId, organizationId: organization.id, userId: u.id, role: u.role })) });

      const teams = DEMO_TEAMS.map((t) => ({ ...t, id: randomUUID() }));
      await tx.team.createMany({ data: teams.map((t) => ({ id: t.id, organizationId: organization.id, slug: t.slug, name: t.name })) });
      await tx.teamMember.createMany({
        data: users.flatMap((u) => u.teams.map((slug) => ({ teamId: teams.find((t) => t.slug === slug)!.id, memberId: u.memberId }))),
      });

      const rows: Rows = { groups: [], events: [], activities: [], histories: [], assignees: [], subscriptions: [], resolutions: [] };
      for (const spec of DEMO_PROJECTS) {
        const projectId = randomUUID();
        await tx.project.create({
          data: { id: projectId, organizationId: organization.id, slug: spec.slug, name: spec.name, platform: spec.platform, nextShortId: DEMO_GROUPS_PER_PROJECT + 1 },
        });
        await insertProjectKey(tx, projectId);
        const projectTeams = teams.filter((t) => spec.teams.includes(t.slug));
        await tx.projectTeam.createMany({ data: projectTeams.map((t) => ({ projectId, teamId: t.id })) });
        // Spread over the window and a little before it, so every event has a release.
        const releases = spec.versions.map((version, i) => ({
          id: randomUUID(),
          version: `${spec.slug}@${version}`,
          dateAdded: new Date(now - WINDOW - 2 * DAY + ((WINDOW + DAY) * i) / (spec.versions.length - 1) - (i === 0 ? 0 : 7 * HOUR)),
        }));
        await tx.release.createMany({ data: releases.map((r) => ({ ...r, projectId, dateReleased: r.dateAdded })) });
        // Demo login first: it is the most frequent actor, so its own dashboard is busy.
        const projectUsers = users.filter((u) => u.teams.some((slug) => spec.teams.includes(slug)));
        const context: ProjectContext = { id: projectId, slug: spec.slug, platform: spec.errors, releases, teams: projectTeams, users: projectUsers };
        planGroups(spec.errors, DEMO_GROUPS_PER_PROJECT, random).forEach((planned, i) => addGroup(rows, context, planned, i + 1, now, random));
      }
      await writeRows(tx, rows);
      return rows.groups.length;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  return { organizationSlug: DEMO_ORGANIZATION_SLUG, login: { ...DEMO_LOGIN }, groups };
}
