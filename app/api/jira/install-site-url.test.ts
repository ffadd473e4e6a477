import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setDatabase } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { findJiraInstallation } from "@/lib/integrations/jira/installed-site";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { POST as installed } from "./installed/route";

// Defect 4 (issue 9): the install's baseUrl was only checked for https, and the metadata sync after
// an install followed redirects, storing an internal service's answer as the integration's name.

const BASE = "https://tether.test";
const INSTALLED_URL = `${BASE}/api/jira/installed`;
const noParams = { params: Promise.resolve({}) };

describe.each(await testDatabaseKinds())("Jira site URL of an install on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  let internal: Server;
  let internalHits = 0;

  beforeAll(async () => {
    process.env.TETHER_BASE_URL = BASE;
    await jira.start();
    process.env.JIRA_CONNECT_KEYS_URL = jira.installKeysUrl;
    clearInstallKeyCache();
    internal = createServer((_req, res) => {
      internalHits += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ serverTitle: "internal admin console", baseUrl: "http://internal" }));
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    database = await createTestDatabase(kind);
    setDatabase(database);
  });
  afterEach(() => {
    process.env.JIRA_ALLOW_INSECURE_BASE_URL = "1";
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
    await new Promise((resolve) => internal.close(resolve));
  });

  async function install(body: unknown) {
    const token = await jira.signInstall("POST", INSTALLED_URL, BASE);
    return installed(new Request(INSTALLED_URL, { method: "POST", headers: { authorization: `JWT ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }), noParams);
  }

  it("defect 4: refuses loopback, private, link-local and non-Atlassian site URLs when not in test mode", async () => {
    process.env.JIRA_ALLOW_INSECURE_BASE_URL = "0";
    for (const baseUrl of ["https://127.0.0.1:3553", "https://[::1]", "https://[::ffff:7f00:1]", "https://10.0.0.8", "https://192.168.1.20", "https://169.254.169.254", "https://evil.example", "https://acme.atlassian.net.evil.example"]) {
      const response = await install({ ...jira.installPayload(), baseUrl });
      expect(response.status, baseUrl).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/Invalid install payload: baseUrl/);
    }
    expect(await database.prisma.integration.count()).toBe(0);
    expect((await install({ ...jira.installPayload(), baseUrl: "https://acme.atlassian.net" })).status).toBe(200);
  });

  it("defect 4: a site answering 302 to an internal URL does not get that answer stored as its name", async () => {
    const serverInfoCalls = () => jira.requests.filter((r) => r.path === "/rest/api/2/serverInfo").length;
    const before = serverInfoCalls();
    const internalUrl = `http://localhost:${(internal.address() as AddressInfo).port}/rest/api/2/serverInfo`;
    jira.failNext("/rest/api/2/serverInfo", { status: 302, headers: { location: internalUrl } });
    jira.sharedSecret = "secret-of-the-redirecting-site";
    expect((await install(jira.installPayload("secret-of-the-redirecting-site"))).status).toBe(200);
    await expect.poll(serverInfoCalls, { timeout: 5000 }).toBeGreaterThan(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(internalHits).toBe(0);
    expect((await findJiraInstallation(database.prisma, jira.clientKey))?.integration.name).toBe("JIRA");
  });
});
