import type { Db } from "@/lib/db/client";

// A few demo groups linked to Jira issues before the Playwright server starts, so the groups
// list's "linked to Jira" filter and mark have something to show (e2e/groups-triage.spec.ts).
// The Jira site is a bare Integration row with no organization configuration: nothing is ever
// sent to it, and the Jira settings and create-issue form (e2e/jira.spec.ts) do not offer it.
// The groups picked are the least recently seen, far from the top of the default list.

export async function linkE2eGroups(db: Db, input: { organizationSlug: string; count: number }): Promise<void> {
  const organization = await db.organization.findUniqueOrThrow({ where: { slug: input.organizationSlug } });
  const integration = await db.integration.upsert({
    where: { provider_externalId: { provider: "jira", externalId: "e2e-links-only" } },
    create: { provider: "jira", externalId: "e2e-links-only", name: "E2E Jira (links only)", metadata: { base_url: "https://e2e-links-only.invalid" } },
    update: {},
  });
  const groups = await db.group.findMany({
    where: { status: "unresolved", project: { organizationId: organization.id } },
    orderBy: [{ lastSeen: "asc" }, { id: "asc" }],
    take: input.count,
    select: { id: true },
  });
  for (const [i, group] of groups.entries()) {
    const key = `LINKED-${i + 1}`;
    const issue = await db.externalIssue.upsert({
      where: { organizationId_integrationId_key: { organizationId: organization.id, integrationId: integration.id, key } },
      create: { organizationId: organization.id, integrationId: integration.id, key, title: `Linked demo issue ${i + 1}`, webUrl: `https://e2e-links-only.invalid/browse/${key}` },
      update: {},
    });
    await db.groupLink.upsert({
      where: { groupId_externalIssueId: { groupId: group.id, externalIssueId: issue.id } },
      create: { groupId: group.id, externalIssueId: issue.id },
      update: {},
    });
  }
}
