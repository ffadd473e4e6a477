import type { FakeJira } from "@/e2e/fakes/fake-jira";
import { sealSecrets } from "@/lib/crypto/secrets";
import type { Db } from "@/lib/db/client";
import { createGroup, createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";

/**
 * What the webhook benches measure against: the fake Jira site installed and linked to one
 * organization with reverse assignment sync, two members whose emails match the site's two
 * accounts (both visible), and `issueCount` groups each linked to an issue of the site.
 */
export async function seedBenchJiraSite(db: Db, jira: FakeJira, issueCount: number): Promise<ReturnType<FakeJira["addIssue"]>[]> {
  const integration = await db.integration.create({
    data: { provider: "jira", externalId: jira.clientKey, name: "Bench Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
  });
  const org = await createOrganizationWithProject(db, { members: 0 });
  await db.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId: integration.id, config: { sync_reverse_assignment: true } } });
  await createMember(db, org.organization.id, { teamId: org.team.id, email: "alice@example.com" });
  await createMember(db, org.organization.id, { teamId: org.team.id, email: "bob@example.com" });
  jira.users[1].hideEmail = false;
  const issues: ReturnType<FakeJira["addIssue"]>[] = [];
  for (let i = 0; i < issueCount; i++) {
    const group = await createGroup(db, org.project.id);
    const issue = jira.addIssue();
    const external = await db.externalIssue.create({ data: { organizationId: org.organization.id, integrationId: integration.id, key: issue.key } });
    await db.groupLink.create({ data: { groupId: group.id, externalIssueId: external.id } });
    issues.push(issue);
  }
  return issues;
}
