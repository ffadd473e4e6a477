import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { POST as createOrLink } from "./route";

// Defect 13 (issue 9): a link request without a Jira issue key answered zod's "Invalid input:
// expected string, received undefined" instead of the form's "Issue ID is required".

const BASE = "https://tether.test";

describe.each(await testDatabaseKinds())("linking a Jira issue without its key on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  let integrationId: string;
  let token: string;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;

  beforeAll(async () => {
    await jira.start();
    jira.sharedSecret = `secret-${randomUUID()}`;
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    integrationId = (
      await db.integration.create({
        data: { provider: "jira", externalId: jira.clientKey, name: "Fake Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
      })
    ).id;
    org = await createOrganizationWithProject(db);
    await db.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId, config: {} } });
    token = (await createApiToken(db, { organizationId: org.organization.id, name: "ci", scopes: ["issues:write"], createdById: org.users[0].id })).token;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  });

  it("defect 13: a missing, empty or blank issue key answers \"Issue ID is required\" on externalIssue", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const before = jira.requests.length;
    for (const externalIssue of [undefined, "", "   ", null]) {
      const body = { integrationId, action: "link", ...(externalIssue === undefined ? {} : { externalIssue }) };
      const response = await createOrLink(
        new Request(`${BASE}/api/v1/groups/${group.id}/external-issues`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
        { params: Promise.resolve({ groupId: group.id }) },
      );
      const json = (await response.json()) as { error: { details?: { fields?: Record<string, string[]> } } };
      expect(response.status, String(externalIssue)).toBe(400);
      expect(json.error.details?.fields?.externalIssue, String(externalIssue)).toEqual(["Issue ID is required"]);
    }
    expect(jira.requests.length).toBe(before);
    expect(await database.prisma.groupLink.count({ where: { groupId: group.id } })).toBe(0);
  });
});
