import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setDatabase } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { findJiraInstallation } from "@/lib/integrations/jira/installed-site";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { POST as installed } from "./installed/route";

// Defect 3 (issue 9): the install body is not covered by the JWT, so a token signed for site A
// with a body naming site B replaced B's shared secret and base URL.

const BASE = "https://tether.test";
const INSTALLED_URL = `${BASE}/api/jira/installed`;
const noParams = { params: Promise.resolve({}) };

describe.each(await testDatabaseKinds())("Jira install bound to the verified issuer on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  const siteB = `site-b-${Date.now()}`;

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

  async function install(body: unknown, issuer: string) {
    const token = await jira.signInstall("POST", INSTALLED_URL, BASE, { iss: issuer });
    return installed(new Request(INSTALLED_URL, { method: "POST", headers: { authorization: `JWT ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }), noParams);
  }

  it("defect 3: an install signed for site A cannot replace site B's secret or base URL", async () => {
    const legit = { ...jira.installPayload("site-b-secret-original"), clientKey: siteB };
    expect((await install(legit, siteB)).status).toBe(200);
    expect((await install(jira.installPayload("site-a-secret"), jira.clientKey)).status).toBe(200);
    const before = await findJiraInstallation(database.prisma, siteB);

    const takeovers = [
      // The clientKey names B while the token is A's.
      { ...jira.installPayload("attacker-secret"), clientKey: siteB, baseUrl: "http://127.0.0.1:1" },
      // Sentry-style external_id/metadata made the issuer check read external_id instead of clientKey.
      { ...jira.installPayload("attacker-secret"), clientKey: siteB, baseUrl: "http://127.0.0.1:1", external_id: jira.clientKey, metadata: {} },
    ];
    for (const body of takeovers) {
      const response = await install(body, jira.clientKey);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ detail: "Token issuer does not match clientKey" });
    }

    const after = await findJiraInstallation(database.prisma, siteB);
    expect(after?.sharedSecret).toBe("site-b-secret-original");
    expect(after?.metadata.base_url).toBe(before?.metadata.base_url);
    expect(after?.integration.updatedAt).toEqual(before?.integration.updatedAt);
    expect((await findJiraInstallation(database.prisma, jira.clientKey))?.sharedSecret).toBe("site-a-secret");
    const installs = await database.prisma.syncEvent.count({ where: { kind: "install" } });
    expect(installs).toBe(2);
  });
});
