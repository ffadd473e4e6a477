import type { GroupStatus, GroupSubstatus, Level } from "@/lib/generated/prisma/client";
import { formatShortId } from "./short-id";

export type AssigneeView =
  | { type: "user"; id: string; name: string; email: string }
  | { type: "team"; id: string; name: string; email: null };

type AssigneeRow = {
  user: { id: string; name: string | null; email: string } | null;
  team: { id: string; slug: string; name: string } | null;
} | null;

/** Prisma `select` for a group's assignee as every read view shows it. */
export const assigneeSelect = {
  select: { user: { select: { id: true, name: true, email: true } }, team: { select: { id: true, slug: true, name: true } } },
} as const;

export function assigneeView(row: AssigneeRow): AssigneeView | null {
  if (row?.user) return { type: "user", id: row.user.id, name: row.user.name ?? row.user.email, email: row.user.email };
  if (row?.team) return { type: "team", id: row.team.id, name: `#${row.team.slug}`, email: null };
  return null;
}

/** Prisma `select` for the fields a group row shows in lists and headers. */
export const groupSummarySelect = {
  id: true,
  shortId: true,
  title: true,
  culprit: true,
  level: true,
  status: true,
  substatus: true,
  firstSeen: true,
  lastSeen: true,
  timesSeen: true,
  userCount: true,
  project: { select: { id: true, slug: true, name: true } },
  assignee: assigneeSelect,
  // One is enough to tell "linked to an external issue".
  links: { select: { id: true }, take: 1 },
} as const;

export interface GroupSummaryRow {
  id: string;
  shortId: number;
  title: string;
  culprit: string | null;
  level: Level;
  status: GroupStatus;
  substatus: GroupSubstatus | null;
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
  userCount: number;
  project: { id: string; slug: string; name: string };
  assignee: AssigneeRow;
  /** Only whether there is one matters here (pages may select more of each link). */
  links: readonly unknown[];
}

/** A group as lists and headers show it; plain JSON so pages and the API hand over the same thing. */
export interface GroupSummary {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  level: Level;
  status: GroupStatus;
  substatus: GroupSubstatus | null;
  firstSeen: string;
  lastSeen: string;
  timesSeen: number;
  /** Distinct users (Event.userTag) the group's events named. */
  userCount: number;
  /** Whether the group is linked to an external issue (a GroupLink). */
  linked: boolean;
  /** Events per UTC day over the last 14 days, oldest first, today last. */
  sparkline: number[];
  project: { id: string; slug: string; name: string };
  assignee: AssigneeView | null;
}

export function groupSummary(row: GroupSummaryRow, sparkline: number[]): GroupSummary {
  return {
    id: row.id,
    shortId: formatShortId(row.project.slug, row.shortId),
    title: row.title,
    culprit: row.culprit,
    level: row.level,
    status: row.status,
    substatus: row.substatus,
    firstSeen: row.firstSeen.toISOString(),
    lastSeen: row.lastSeen.toISOString(),
    timesSeen: row.timesSeen,
    userCount: row.userCount,
    linked: row.links.length > 0,
    sparkline,
    project: row.project,
    assignee: assigneeView(row.assignee),
  };
}
