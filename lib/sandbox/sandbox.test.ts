import { generateKeyPairSync } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { POST as installedRoute } from "@/app/api/jira/installed/route";
import { POST as issueUpdatedRoute } from "@/app/api/jira/issue-updated/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { DELETE as restDelete, GET as restGet, POST as restPost, PUT as restPut } from "@/app/sandbox/jira/rest/[...path]/route";
import { GET as installKeysRoute } from "@/app/sandbox/jira/install-keys/[kid]/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { seedDemoData, DEMO_ORGANIZATION_SLUG } from "@/lib/demo/seed-demo";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { queryStringHash, signConnectJwt } from "@/lib/integrations/jira/connect-jwt";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { findJiraInstallation, jiraClientFor, jiraIssueUrl } from "@/lib/integrations/jira/installed-site";
import { getServerInfo } from "@/lib/integrations/jira/rest-resources";
import { JiraApiError } from "@/lib/integrations/jira/signed-rest-client";
import { jiraSiteUrlProblem } from "@/lib/integrations/jira/site-url-guard";
import { createTestDatabase } from "@/lib/testing/db";
import { startRouteServer } from "@/lib/testing/route-server";
import { startSandboxJira } from "./install";
import { changeSandboxJiraIssue, listSandboxJiraIssues, sandboxIntegrationFor, sandboxShownInNavigation } from "./issues";
import { answerJiraRest, checkCreateFields, transitionsFrom, type JiraSiteIssue, type JiraSiteStore } from "./jira-core";
import { SANDBOX_SEED_LEASE_MS, claimSandboxSeeding, ensureSandboxJiraSite, finishSandboxSeeding, releaseSandboxSeeding, renewSandboxSeeding, type SandboxJiraSite } from "./site";

// The sandbox Jira site end to end on a real database, with Tether served over real HTTP (the
// sandbox installs itself and sends webhooks over HTTP; Tether calls the sandbox over HTTP).

describe("the Jira behaviour core", () => {
  function memoryStore(): JiraSiteStore & { issues: Map<string, JiraSiteIssue> } {
    const issues = new Map<string, JiraSiteIssue>();
    let n = 0;
    return {
      issues,
      title: "Memory Jira",
      users: [{ accountId: "a", displayName: "Ada", email: "ada@example.com" }],
      getIssue: async (key) => issues.get(key) ?? null,
      searchIssues: async () => [...issues.values()],
      createIssue: async (input) => {
        const issue = { id: String(++n), key: `${input.projectKey}-${n}`, projectId: input.projectId, summary: input.summary, description: input.description, statusId: "1", assigneeAccountId: null, updated: new Date().toISOString(), comments: [], fields: input.fields };
        issues.set(issue.key, issue);
        return issue;
      },
      updateIssue: async (key, change) => void Object.assign(issues.get(key) ?? {}, change),
      addComment: async (key, body) => issues.get(key)?.comments.push(body) ?? 0,
    };
  }

  it("answers Jira's validation errors in Jira's {errors:{field:msg}} shape", () => {
    expect(checkCreateFields({ project: { id: "10000" }, issuetype: { id: "10002" } })).toEqual({ ok: false, body: { errorMessages: [], errors: { summary: "You must specify a summary of the issue." } } });
    expect(checkCreateFields({ summary: "x", project: { id: "10000" }, issuetype: { id: "10004" } })).toEqual({ ok: false, body: { errorMessages: [], errors: { customfield_10100: "Affected area is required." } } });
    expect(checkCreateFields({ summary: "x", project: { id: "10000" }, issuetype: { id: "10002" }, labels: ["ok", "needs triage"] })).toMatchObject({ ok: false, body: { errors: { labels: "The label 'needs triage' contains spaces which is invalid." } } });
    expect(checkCreateFields({ summary: "x", project: { id: "99" }, issuetype: { id: "10002" } })).toMatchObject({ ok: false, body: { errors: { project: "valid project is required" } } });
  });

  it("creates, transitions and assigns through the REST answers", async () => {
    const store = memoryStore();
    const base = { query: new URLSearchParams(), baseUrl: "https://site" };
    const created = await answerJiraRest(store, { ...base, method: "POST", path: "/rest/api/2/issue", body: { fields: { summary: "Boom", project: { id: "10000" }, issuetype: { id: "10002" } } } });
    expect(created).toMatchObject({ status: 201, body: { key: "APP-1" } });
    expect(transitionsFrom("1").map((t) => t.to.id)).not.toContain("1");
    expect(await answerJiraRest(store, { ...base, method: "POST", path: "/rest/api/2/issue/APP-1/transitions", body: { transition: { id: "t-10101" } } })).toEqual({ status: 204 });
    expect(await answerJiraRest(store, { ...base, method: "PUT", path: "/rest/api/3/issue/APP-1/assignee", body: { accountId: "nobody" } })).toMatchObject({ status: 400, body: { errors: { assignee: "User does not exist" } } });
    expect(store.issues.get("APP-1")?.statusId).toBe("10101");
    expect(await answerJiraRest(store, { ...base, method: "GET", path: "/rest/api/2/issue/APP-9", body: null })).toMatchObject({ status: 404 });
  });
});

describe("the Jira site guard and the sandbox URL", () => {
  const strict = { allowInsecureSites: false, allowedHostSuffixes: ["atlassian.net"] };
  const sandboxBaseUrl = "http://127.0.0.1:3500/sandbox/jira";

  it("allows exactly the sandbox base URL, and only when the settings name it", () => {
    expect(jiraSiteUrlProblem(new URL(`${sandboxBaseUrl}/rest/api/2/status`), strict)).not.toBeNull();
    expect(jiraSiteUrlProblem(new URL(`${sandboxBaseUrl}/rest/api/2/status`), { ...strict, sandboxBaseUrl })).toBeNull();
    for (const other of ["http://127.0.0.1:3500/api/v1/organizations", "http://127.0.0.1:3500/sandbox/jirax/rest", "http://127.0.0.1:3501/sandbox/jira/rest", "http://u:p@127.0.0.1:3500/sandbox/jira/rest", "http://10.0.0.1/sandbox/jira/rest"]) {
      expect(jiraSiteUrlProblem(new URL(other), { ...strict, sandboxBaseUrl }), other).not.toBeNull();
    }
  });
});

describe("the sandbox Jira site", () => {
  let database: Database;
  let server: { url: string; stop: () => Promise<void> };
  let site: SandboxJiraSite;
  const fake = new FakeJira();
  const saved = { ...process.env };
  let organizationId = "";
  const PUBLIC_URL = "https://tether.example.test";

  function env(values: Record<string, string | undefined>) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }

  beforeAll(async () => {
    await fake.start();
    database = await createTestDatabase("pglite");
    setDatabase(database);
    const rest = [restGet, restPost, restPut, restDelete];
    server = await startRouteServer([
      { method: "GET", path: "/api/health", handler: () => healthRoute() },
      { method: "POST", path: "/api/jira/installed", handler: installedRoute },
      { method: "POST", path: "/api/jira/issue-updated", handler: issueUpdatedRoute },
      { method: "GET", path: "/sandbox/jira/install-keys/:kid", handler: installKeysRoute },
      ...["GET", "POST", "PUT", "DELETE"].map((method, i) => ({ method, path: "/sandbox/jira/rest/*path", handler: rest[i] })),
    ]);
    // Strict site rules: only the sandbox's own exception may let Tether call a loopback address.
    // The public address differs from the internal one, as behind any proxy: links must use the public one.
    env({ TETHER_INTERNAL_URL: server.url, TETHER_BASE_URL: PUBLIC_URL, TETHER_SANDBOX: "1", JIRA_ALLOW_INSECURE_BASE_URL: undefined, JIRA_CONNECT_KEYS_URL: fake.installKeysUrl });
    clearInstallKeyCache();
    await seedDemoData(database.prisma);
    organizationId = (await database.prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGANIZATION_SLUG } })).id;
  }, 120_000);

  afterEach(() => env({ TETHER_SANDBOX: "1" }));

  afterAll(async () => {
    process.env = saved;
    setDatabase(undefined);
    await server.stop();
    await fake.stop();
    await database.close();
  });

  it("installs through the signed lifecycle, links the demo organization and seeds real sync history", async () => {
    const outcome = await startSandboxJira(database.prisma);
    expect(outcome).toMatchObject({ status: "ready", seeded: true });
    site = await ensureSandboxJiraSite(database.prisma);
    const installation = await findJiraInstallation(database.prisma, site.clientKey);
    expect(installation?.integration.status).toBe("active");
    expect(installation?.metadata).toMatchObject({ sandbox: true, base_url: `${server.url}/sandbox/jira` });
    expect(installation?.integration.secrets).not.toContain(site.sharedSecret);
    const overview = await listSandboxJiraIssues(database.prisma, organizationId);
    expect(overview.issues.filter((i) => i.linkedGroups.length > 0)).toHaveLength(4);
    const events = await database.prisma.syncEvent.findMany({ where: { integrationId: installation?.integration.id } });
    const kinds = events.map((e) => `${e.direction}:${e.kind}:${e.outcome}`);
    expect(kinds).toEqual(expect.arrayContaining(["inbound:install:applied", "outbound:create_issue:applied", "outbound:link:applied", "inbound:assignee:applied", "inbound:status:applied"]));
    // The back-link comment reached the sandbox issue over HTTP.
    const linkedExisting = overview.issues.find((i) => i.key.startsWith("OPS-") && i.linkedGroups.length > 0);
    expect(linkedExisting?.comments).toBe(1);
    // Seeding finished, so it is marked seeded and holds no claim.
    const seeded = await database.prisma.sandboxJiraSite.findUniqueOrThrow({ where: { id: "jira" } });
    expect(seeded.seededAt).toBeInstanceOf(Date);
    expect(seeded.seedingClaim).toBeNull();
  }, 60_000);

  it("links its issues through Tether's public address, never the internal one", async () => {
    const installation = await findJiraInstallation(database.prisma, site.clientKey);
    expect(jiraIssueUrl(installation!, "APP-7")).toBe(`${PUBLIC_URL}/sandbox/jira/browse/APP-7`);
    const external = await database.prisma.externalIssue.findMany({ where: { integrationId: installation!.integration.id } });
    expect(external).toHaveLength(4);
    for (const issue of external) expect(issue.webUrl).toBe(`${PUBLIC_URL}/sandbox/jira/browse/${issue.key}`);
    const activity = await database.prisma.activity.findMany({ where: { type: "create_issue" } });
    expect(activity.length).toBeGreaterThan(0);
    for (const entry of activity) expect(JSON.stringify(entry.data)).not.toContain(server.url);
    // A real site's links stay its own.
    expect(jiraIssueUrl({ metadata: { base_url: "https://acme.atlassian.net/" } }, "APP-7")).toBe("https://acme.atlassian.net/browse/APP-7");
  });

  it("puts right, at the next start, links seeded with the internal URL", async () => {
    const installation = await findJiraInstallation(database.prisma, site.clientKey);
    const [issue] = await database.prisma.externalIssue.findMany({ where: { integrationId: installation!.integration.id }, take: 1 });
    const stale = `${server.url}/sandbox/jira/browse/${issue.key}`;
    await database.prisma.externalIssue.update({ where: { id: issue.id }, data: { webUrl: stale } });
    const [entry] = await database.prisma.activity.findMany({ where: { type: "create_issue", data: { path: ["label"], equals: issue.key } } });
    await database.prisma.activity.update({ where: { id: entry.id }, data: { data: { ...(entry.data as Record<string, unknown>), location: stale } } });
    expect(await startSandboxJira(database.prisma)).toMatchObject({ status: "ready", seeded: false });
    expect((await database.prisma.externalIssue.findUniqueOrThrow({ where: { id: issue.id } })).webUrl).toBe(`${PUBLIC_URL}/sandbox/jira/browse/${issue.key}`);
    expect((await database.prisma.activity.findUniqueOrThrow({ where: { id: entry.id } })).data).toMatchObject({ location: `${PUBLIC_URL}/sandbox/jira/browse/${issue.key}` });
  });

  it("answers the organization layout's question without opening the site's secrets", async () => {
    const row = await database.prisma.sandboxJiraSite.findUniqueOrThrow({ where: { id: "jira" } });
    // As after TETHER_SECRET_KEY changed: the sealed secrets no longer open.
    await database.prisma.sandboxJiraSite.update({ where: { id: "jira" }, data: { secrets: "v1.not-a-sealed-value" } });
    try {
      expect(await sandboxShownInNavigation(database.prisma, organizationId)).toBe(true);
      expect(await sandboxIntegrationFor(database.prisma, organizationId)).toMatchObject({ clientKey: site.clientKey });
      expect((await listSandboxJiraIssues(database.prisma, organizationId)).issues.length).toBeGreaterThan(0);
      // The REST API needs the secret: it says so, without a 500.
      const rest = await fetch(`${server.url}/sandbox/jira/rest/api/2/status`);
      expect(rest.status).toBe(503);
      expect(await rest.json()).toMatchObject({ errorMessages: [expect.stringContaining("TETHER_SECRET_KEY")] });
      const other = await database.prisma.organization.create({ data: { slug: "not-linked", name: "Not linked" } });
      expect(await sandboxShownInNavigation(database.prisma, other.id)).toBe(false);
    } finally {
      await database.prisma.sandboxJiraSite.update({ where: { id: "jira" }, data: { secrets: row.secrets } });
    }
  });

  it("respects a fresh seeding claim and takes over a stale one", async () => {
    const fresh = new Date();
    await database.prisma.sandboxJiraSite.update({ where: { id: "jira" }, data: { seededAt: null, seedingClaim: "another-instance", seedingClaimedAt: fresh } });
    // Another instance is seeding right now: this start leaves it alone.
    expect(await startSandboxJira(database.prisma)).toMatchObject({ status: "ready", seeded: false });
    expect(await claimSandboxSeeding(database.prisma)).toBeNull();
    expect(await database.prisma.sandboxJiraSite.findUniqueOrThrow({ where: { id: "jira" } })).toMatchObject({ seededAt: null, seedingClaim: "another-instance" });
    // That instance died mid-seed: once its claim is older than the lease, a start takes it over.
    await database.prisma.sandboxJiraSite.update({ where: { id: "jira" }, data: { seedingClaimedAt: new Date(Date.now() - SANDBOX_SEED_LEASE_MS - 1000) } });
    const claim = await claimSandboxSeeding(database.prisma);
    expect(typeof claim).toBe("string");
    // Not seeded until seeding has finished; nobody else gets in meanwhile.
    expect((await database.prisma.sandboxJiraSite.findUniqueOrThrow({ where: { id: "jira" } })).seededAt).toBeNull();
    expect(await claimSandboxSeeding(database.prisma)).toBeNull();
    // The dead instance's claim counts for nothing any more.
    expect(await renewSandboxSeeding(database.prisma, "another-instance")).toBe(false);
    expect(await finishSandboxSeeding(database.prisma, "another-instance")).toBe(false);
    expect(await renewSandboxSeeding(database.prisma, claim!)).toBe(true);
    expect(await finishSandboxSeeding(database.prisma, claim!)).toBe(true);
    const finished = await database.prisma.sandboxJiraSite.findUniqueOrThrow({ where: { id: "jira" } });
    expect(finished.seededAt).toBeInstanceOf(Date);
    expect([finished.seedingClaim, finished.seedingClaimedAt]).toEqual([null, null]);
    expect(await claimSandboxSeeding(database.prisma)).toBeNull();
  });

  it("gives a failed seed's claim back so the next start tries again", async () => {
    await database.prisma.sandboxJiraSite.update({ where: { id: "jira" }, data: { seededAt: null } });
    const claim = await claimSandboxSeeding(database.prisma);
    await releaseSandboxSeeding(database.prisma, claim!);
    const again = await claimSandboxSeeding(database.prisma);
    expect(typeof again).toBe("string");
    await finishSandboxSeeding(database.prisma, again!);
  });

  it("is idempotent across restarts", async () => {
    const before = await Promise.all([database.prisma.sandboxJiraIssue.count(), database.prisma.groupLink.count(), database.prisma.syncEvent.count(), database.prisma.integration.count()]);
    expect(await startSandboxJira(database.prisma)).toMatchObject({ status: "ready", seeded: false });
    const after = await Promise.all([database.prisma.sandboxJiraIssue.count(), database.prisma.groupLink.count(), database.prisma.syncEvent.count(), database.prisma.integration.count()]);
    expect(after).toEqual(before);
  });

  it("serves its REST API only to Tether's signed calls, with the qsh checked", async () => {
    const url = `${server.url}/sandbox/jira/rest/api/2/status`;
    expect((await fetch(url)).status).toBe(401);
    const sign = (method: string, target: string, secret = site.sharedSecret) => signConnectJwt({ appKey: jiraAppSettings().appKey, sharedSecret: secret, method, url: target });
    expect((await fetch(url, { headers: { authorization: `JWT ${await sign("GET", "/rest/api/2/project")}` } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `JWT ${await sign("GET", "/rest/api/2/status", "not-the-secret-at-all")}` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `JWT ${await sign("GET", "/rest/api/2/status")}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(5);
    // The client Tether uses for the sandbox installation reaches it.
    const installation = await findJiraInstallation(database.prisma, site.clientKey);
    expect((await getServerInfo(jiraClientFor(installation!))).serverTitle).toBe("Sandbox Jira");
  });

  it("answers 404 JSON everywhere when the sandbox is off, and installs nothing", async () => {
    env({ TETHER_SANDBOX: "0" });
    const status = await fetch(`${server.url}/sandbox/jira/rest/api/2/status`);
    expect(status.status).toBe(404);
    expect(await status.json()).toEqual({ errorMessages: ["Not found"] });
    expect((await fetch(`${server.url}/sandbox/jira/install-keys/${site.keyId}`)).status).toBe(404);
    expect(await startSandboxJira(database.prisma)).toEqual({ status: "off" });
    // Off, Tether no longer treats the sandbox installation as allowed to reach its own address.
    const installation = await findJiraInstallation(database.prisma, site.clientKey);
    await expect(getServerInfo(jiraClientFor(installation!))).rejects.toMatchObject({ kind: "refused" } satisfies Partial<JiraApiError>);
  });

  it("serves its install key by its own kid only", async () => {
    const key = await fetch(`${server.url}/sandbox/jira/install-keys/${site.keyId}`);
    expect(await key.text()).toContain("BEGIN PUBLIC KEY");
    expect((await fetch(`${server.url}/sandbox/jira/install-keys/some-other-kid`)).status).toBe(404);
  });

  describe("install security", () => {
    const installUrl = () => `${server.url}/api/jira/installed`;
    async function signedWith(privateKeyPem: string, kid: string, iss: string) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ qsh: queryStringHash("POST", installUrl()) })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .setIssuer(iss)
        .setAudience(jiraAppSettings().baseUrl)
        .setIssuedAt(now)
        .setExpirationTime(now + 180)
        .sign(await importPKCS8(privateKeyPem, "RS256"));
    }
    async function install(token: string, body: Record<string, unknown>) {
      return fetch(installUrl(), { method: "POST", headers: { "content-type": "application/json", authorization: `JWT ${token}` }, body: JSON.stringify(body) });
    }
    const payload = (clientKey: string, baseUrl: string) => ({ key: "tether", clientKey, sharedSecret: "attacker-secret-123456", baseUrl, productType: "jira" });

    it("refuses the sandbox key for any other site", async () => {
      const token = await signedWith(site.privateKey, site.keyId, "forged-site");
      const response = await install(token, payload("forged-site", "https://forged.atlassian.net"));
      expect(response.status).toBe(401);
      expect(await findJiraInstallation(database.prisma, "forged-site")).toBeNull();
    });

    it("refuses the sandbox's own install naming another base URL", async () => {
      const token = await signedWith(site.privateKey, site.keyId, site.clientKey);
      const response = await install(token, payload(site.clientKey, "https://evil.atlassian.net"));
      expect(response.status).toBe(400);
      expect((await findJiraInstallation(database.prisma, site.clientKey))?.metadata.base_url).toBe(`${server.url}/sandbox/jira`);
    });

    it("refuses another key for the sandbox URL or a sandbox client key", async () => {
      const viaUrl = await install(await fake.signInstall("POST", installUrl(), jiraAppSettings().baseUrl), payload(fake.clientKey, `${server.url}/sandbox/jira`));
      expect(viaUrl.status).toBe(400);
      expect(await findJiraInstallation(database.prisma, fake.clientKey)).toBeNull();
      const viaKey = await install(await fake.signInstall("POST", installUrl(), jiraAppSettings().baseUrl, { iss: site.clientKey }), payload(site.clientKey, `${server.url}/sandbox/jira`));
      expect(viaKey.status).toBe(401);
      expect((await findJiraInstallation(database.prisma, site.clientKey))?.sharedSecret).toBe(site.sharedSecret);
    });

    it("refuses a key made up with the sandbox's kid", async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const token = await signedWith(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), site.keyId, site.clientKey);
      expect((await install(token, payload(site.clientKey, `${server.url}/sandbox/jira`))).status).toBe(400);
    });

    it("refuses the sandbox key while the sandbox is off", async () => {
      env({ TETHER_SANDBOX: "0" });
      const token = await signedWith(site.privateKey, site.keyId, site.clientKey);
      expect((await install(token, payload(site.clientKey, "https://sandbox.atlassian.net"))).status).toBe(400);
      expect((await findJiraInstallation(database.prisma, site.clientKey))?.sharedSecret).toBe(site.sharedSecret);
    });

    it("never lets a real installation call the sandbox URL", async () => {
      const installation = await findJiraInstallation(database.prisma, site.clientKey);
      const client = jiraClientFor({ metadata: { ...installation!.metadata, sandbox: undefined }, sharedSecret: site.sharedSecret });
      await expect(getServerInfo(client)).rejects.toMatchObject({ kind: "refused" } satisfies Partial<JiraApiError>);
    });
  });

  it("a change on a sandbox issue reaches Tether as a signed webhook and the group follows", async () => {
    const overview = await listSandboxJiraIssues(database.prisma, organizationId);
    const issue = overview.issues.find((i) => i.linkedGroups.length > 0 && i.statusCategory !== "done")!;
    const result = await changeSandboxJiraIssue(database.prisma, { organizationId, key: issue.key, change: { assigneeAccountId: "sandbox-sam", statusId: "10101" } });
    expect(result.webhook?.status).toBe(200);
    const group = await database.prisma.group.findUniqueOrThrow({ where: { id: issue.linkedGroups[0].id }, include: { assignee: { include: { user: true } } } });
    expect(group.assignee?.user?.email).toBe("sam.rivera@tether.local");
    expect(group.status).toBe("resolved");
    const inbound = await database.prisma.syncEvent.findMany({ where: { externalKey: issue.key, direction: "inbound", outcome: "applied" } });
    expect(inbound.map((e) => e.kind)).toEqual(expect.arrayContaining(["assignee", "status"]));
  });
});
