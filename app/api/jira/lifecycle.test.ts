import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setDatabase } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { findJiraInstallation } from "@/lib/integrations/jira/installed-site";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { POST as installed } from "./installed/route";
import { POST as uninstalled } from "./uninstalled/route";
import { GET as descriptor } from "./descriptor/route";
import { POST as issueUpdated } from "./issue-updated/route";

const BASE = "https://tether.test";
const INSTALLED_URL = `${BASE}/api/jira/installed`;
const UNINSTALLED_URL = `${BASE}/api/jira/uninstalled`;
const noParams = { params: Promise.resolve({}) };

describe.each(await testDatabaseKinds())("Jira install lifecycle on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();

  beforeAll(async () => {
    process.env.TETHER_BASE_URL = BASE;
    await jira.start();
    process.env.JIRA_CONNECT_KEYS_URL = jira.installKeysUrl;
    clearInstallKeyCache();
    database = await createTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  });

  async function install(body: unknown, token?: string, url = INSTALLED_URL) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token !== "") headers.authorization = `JWT ${token ?? (await jira.signInstall("POST", url, BASE))}`;
    return installed(new Request(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), noParams);
  }

  it("serves the Connect descriptor pointing at Tether", async () => {
    const json = (await (await descriptor()).json()) as { baseUrl: string; lifecycle: Record<string, string>; modules: { webhooks: { event: string; excludeBody: boolean }[] } };
    expect(json.baseUrl).toBe(BASE);
    expect(json.lifecycle).toEqual({ installed: "/api/jira/installed", uninstalled: "/api/jira/uninstalled" });
    expect(json.modules.webhooks[0]).toMatchObject({ event: "jira:issue_updated", excludeBody: false });
  });

  it("records a signed install with its secret encrypted, then names the site", async () => {
    const payload = jira.installPayload("the-shared-secret-1");
    const response = await install(payload);
    expect(response.status).toBe(200);
    const installation = await findJiraInstallation(database.prisma, jira.clientKey);
    expect(installation?.integration.status).toBe("active");
    expect(installation?.sharedSecret).toBe("the-shared-secret-1");
    expect(installation?.integration.secrets).not.toContain("the-shared-secret-1");
    expect(installation?.metadata.base_url).toBe(jira.baseUrl);
    jira.sharedSecret = "the-shared-secret-1";
    await expect.poll(async () => (await findJiraInstallation(database.prisma, jira.clientKey))?.integration.name, { timeout: 5000 }).toBe("Fake Jira");
  });

  it("ignores webhooks of a site linked to no organization, recording why", async () => {
    const url = `${BASE}/api/jira/issue-updated`;
    const issue = jira.addIssue();
    const response = await issueUpdated(
      new Request(url, { method: "POST", headers: { authorization: `JWT ${await jira.signWebhook("POST", url)}` }, body: JSON.stringify(jira.issueUpdatedPayload(issue, [{ field: "assignee", from: null, to: "acc-alice" }])) }),
      noParams,
    );
    expect(await response.json()).toMatchObject({ skipped: "no linked organization" });
    const event = await database.prisma.syncEvent.findFirstOrThrow({ where: { externalKey: issue.key } });
    expect([event.outcome, event.reason]).toEqual(["skipped", "the Jira site is not linked to any organization yet"]);
  });

  it("refuses bad installs with the spec's errors and writes nothing", async () => {
    const before = await database.prisma.integration.count();
    const payload = jira.installPayload();
    expect((await install(payload, "")).status).toBe(401);
    expect((await install("", undefined)).status).toBe(400);
    const r1 = await install(payload, "garbage");
    expect([r1.status, await r1.json()]).toEqual([400, { detail: "Failed to fetch key id" }]);
    const hs = await jira.signWebhook("POST", INSTALLED_URL, { secret: "whatever" });
    expect(await (await install(payload, hs)).json()).toEqual({ detail: "Missing key id" });
    const unknownKid = await jira.signInstall("POST", INSTALLED_URL, BASE, { kid: "kid-unknown" });
    expect(await (await install(payload, unknownKid)).json()).toEqual({ detail: "Invalid key id" });
    const expired = await jira.signInstall("POST", INSTALLED_URL, BASE, { expiresIn: -10 });
    expect(await (await install(payload, expired)).json()).toEqual({ detail: "Expired signature" });
    const wrongAudience = await jira.signInstall("POST", INSTALLED_URL, "https://elsewhere.test");
    expect((await install(payload, wrongAudience)).status).toBe(400);
    const otherIssuer = await jira.signInstall("POST", INSTALLED_URL, BASE, { iss: "someone-else" });
    expect(await (await install(payload, otherIssuer)).json()).toEqual({ detail: "Token issuer does not match clientKey" });
    const wrongQsh = await jira.signInstall("POST", `${INSTALLED_URL}?x=1`, BASE);
    expect((await install(payload, wrongQsh)).status).toBe(401);
    expect((await install({ ...payload, sharedSecret: undefined })).status).toBe(400);
    expect((await install({ ...payload, baseUrl: "http://evil.example" })).status).toBe(400);
    expect((await install("{not json")).status).toBe(400);
    expect(await database.prisma.integration.count()).toBe(before);
  });

  it("disables on uninstall and re-activates on re-install", async () => {
    const token = await jira.signInstall("POST", UNINSTALLED_URL, BASE);
    const response = await uninstalled(new Request(UNINSTALLED_URL, { method: "POST", headers: { authorization: `JWT ${token}` }, body: "{}" }), noParams);
    expect(response.status).toBe(200);
    expect((await findJiraInstallation(database.prisma, jira.clientKey))?.integration.status).toBe("disabled");
    const bad = await uninstalled(new Request(UNINSTALLED_URL, { method: "POST", headers: { authorization: "JWT x.y.z" }, body: "{}" }), noParams);
    expect(bad.status).toBe(401);
    expect((await install(jira.installPayload("the-shared-secret-2"))).status).toBe(200);
    const installation = await findJiraInstallation(database.prisma, jira.clientKey);
    expect(installation?.integration.status).toBe("active");
    expect(installation?.sharedSecret).toBe("the-shared-secret-2");
    expect(await database.prisma.integration.count({ where: { provider: "jira" } })).toBe(1);
    const history = await database.prisma.syncEvent.findMany({ where: { kind: "install" }, orderBy: { createdAt: "asc" } });
    expect(history.map((e) => e.reason)).toEqual(["installed", "uninstalled", "re-installed"]);
  });
});
