import type { Db } from "@/lib/db/client";
import type { IntegrationProvider, LinkRelationship } from "@/lib/generated/prisma/client";
import { groupSparklines } from "./group-sparklines";
import { groupSummary, groupSummarySelect, type GroupSummary } from "./group-view";
import { summarizeTags, type TagSummary } from "./tag-summary";

/** How many recent events the tags summary looks at: enough to be telling, cheap to read. */
export const TAG_SUMMARY_EVENTS = 200;

export interface LinkedExternalIssue {
  id: string;
  key: string;
  title: string | null;
  url: string | null;
  provider: IntegrationProvider;
  integrationId: string;
  integrationName: string;
  relationship: LinkRelationship;
  linkedAt: string;
}

export interface GroupDetail extends GroupSummary {
  message: string | null;
  resolvedAt: string | null;
  firstRelease: string | null;
  usersAffected: number;
  externalIssues: LinkedExternalIssue[];
  tags: TagSummary[];
}

/** A group of the organization with what its page shows, or null when the organization has no such group. */
export async function getGroupDetail(db: Db, input: { organizationId: string; groupId: string }): Promise<GroupDetail | null> {
  const row = await db.group.findFirst({
    where: { id: input.groupId, project: { organizationId: input.organizationId } },
    select: {
      ...groupSummarySelect,
      message: true,
      resolvedAt: true,
      firstRelease: { select: { version: true } },
      links: {
        orderBy: { createdAt: "desc" },
        select: {
          relationship: true,
          createdAt: true,
          externalIssue: { select: { id: true, key: true, title: true, webUrl: true, integration: { select: { id: true, name: true, provider: true } } } },
        },
      },
    },
  });
  if (!row) return null;
  const [sparklines, recentEvents] = await Promise.all([
    groupSparklines(db, [row.id], new Date()),
    db.event.findMany({
      where: { groupId: row.id },
      orderBy: [{ timestamp: "desc" }, { id: "desc" }],
      take: TAG_SUMMARY_EVENTS,
      select: { tags: true, environment: true, release: { select: { version: true } } },
    }),
  ]);
  return {
    ...groupSummary(row, sparklines.get(row.id) ?? []),
    message: row.message,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    firstRelease: row.firstRelease?.version ?? null,
    // Kept by ingestion, so a busy group's page does not count its distinct users on every view.
    usersAffected: row.userCount,
    externalIssues: row.links.map((link) => ({
      id: link.externalIssue.id,
      key: link.externalIssue.key,
      title: link.externalIssue.title,
      url: link.externalIssue.webUrl,
      provider: link.externalIssue.integration.provider,
      integrationId: link.externalIssue.integration.id,
      integrationName: link.externalIssue.integration.name,
      relationship: link.relationship,
      linkedAt: link.createdAt.toISOString(),
    })),
    tags: summarizeTags(recentEvents.map((e) => ({ tags: e.tags, environment: e.environment, release: e.release?.version ?? null }))),
  };
}
