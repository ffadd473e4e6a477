import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { forgetDoneStatuses } from "@/lib/integrations/jira/done-statuses";
import { linkJiraSiteToOrganization } from "@/lib/integrations/jira/link-organization";
import { POST as installed } from "./installed/route";
import { POST as issueUpdated } from "./issue-updated/route";

// Defect 13 (issue 9): valid Jira webhooks were refused with 400 "received function": a changelog
// item without its own `toString` key made the schema read Object.prototype.toString.

const BASE = "https://tether.test";
const WEBHOOK_URL = `${BASE}/api/jira/issue-updated`;
const noParams = { params: Promise.resolve({}) };

describe.each(await testDatabaseKinds())("Jira webhooks parsed without prototype members on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  let integrationId: string;

  beforeAll(async () => {
    await jira.start();
    process.env.JIRA_CONNECT_KEYS_URL = jira.installKeysUrl;
    clearInstallKeyCache();
    database = await createTestDatabase(kind);
    setDatabase(database);
    const payload = jira.installPayload(`secret-${randomUUID()}`);
    const token = await jira.signInstall("POST", `${BASE}/api/jira/installed`, BASE);
    expect((await installed(new Request(`${BASE}/api/jira/installed`, { method: "POST", headers: { authorization: `JWT ${token}` }, body: JSON.stringify(payload) }), noParams)).status).toBe(200);
    jira.sharedSecret = payload.sharedSecret;
    integrationId = (await database.prisma.integration.findFirstOrThrow({ where: { externalId: jira.clientKey } })).id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  });

  async function linkedGroup() {
    const org = await createOrganizationWithProject(database.prisma);
    const link = await linkJiraSiteToOrganization(database.prisma, { clientKey: jira.clientKey, organizationId: org.organization.id });
    await database.prisma.organizationIntegration.update({ where: { id: link.id }, data: { config: { sync_status_reverse: true } } });
    const group = await createGroup(database.prisma, org.project.id);
    const issue = jira.addIssue();
    const external = await database.prisma.externalIssue.create({ data: { organizationId: org.organization.id, integrationId, key: issue.key } });
    await database.prisma.groupLink.create({ data: { groupId: group.id, externalIssueId: external.id } });
    return { group, issue };
  }

  async function deliver(text: string) {
    const token = await jira.signWebhook("POST", WEBHOOK_URL);
    return issueUpdated(new Request(WEBHOOK_URL, { method: "POST", headers: { authorization: `JWT ${token}`, "content-type": "application/json" }, body: text }), noParams);
  }
  const statusOf = async (groupId: string) => (await database.prisma.group.findUniqueOrThrow({ where: { id: groupId } })).status;

  it("defect 13: a changelog item without its own toString (or fromString) key is applied", async () => {
    forgetDoneStatuses();
    const { group, issue } = await linkedGroup();
    const body = jira.issueUpdatedPayload(issue, [{ field: "status", from: "3", to: "10101" }]);
    // Jira leaves out keys it has no value for; this item has neither toString nor fromString.
    const items = body.changelog.items.map(({ field, fieldId, from, to }) => ({ field, fieldtype: "jira", fieldId, from, to }));
    const text = JSON.stringify({ ...body, changelog: { ...body.changelog, items } });
    const response = await deliver(text);
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
    expect(await statusOf(group.id)).toBe("resolved");
  });

  it("defect 13: prototype-named keys are plain data, and what Tether does not use may be missing", async () => {
    forgetDoneStatuses();
    const { group, issue } = await linkedGroup();
    const body = jira.issueUpdatedPayload(issue, [{ field: "status", from: "1", to: "10101" }]);
    const text = JSON.stringify(body)
      .replace('"webhookEvent"', '"__proto__":{"polluted":"yes"},"constructor":{"name":"x"},"webhookEvent"')
      .replace(/"project":\{[^}]*\}/, '"project":{"key":"APP"}');
    const response = await deliver(text);
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
    expect(await statusOf(group.id)).toBe("resolved");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
