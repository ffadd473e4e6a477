import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { GET as list } from "./route";
import { GET as read, PUT as update } from "./[integrationId]/route";
import { GET as catalog } from "./[integrationId]/jira-catalog/route";

const BASE = "https://tether.test";

describe.each(await testDatabaseKinds())("Jira organization settings API on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  let integrationId: string;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;
  let adminToken: string;
  let memberCookie: string;
  let foreignToken: string;

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
    await db.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId, config: { sync_reverse_assignment: true } } });
    adminToken = (await createApiToken(db, { organizationId: org.organization.id, name: "admin", scopes: ["org:admin"] })).token;
    const session = await encode({ token: { sub: org.users[0].id }, secret: process.env.NEXTAUTH_SECRET! });
    memberCookie = `next-auth.session-token=${session}`;
    const other = await createOrganizationWithProject(db);
    foreignToken = (await createApiToken(db, { organizationId: other.organization.id, name: "x", scopes: ["org:admin"] })).token;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  });

  const url = (suffix = "") => `${BASE}/api/v1/organizations/${org.organization.slug}/integrations${suffix}`;
  const params = () => ({ params: Promise.resolve({ orgSlug: org.organization.slug, integrationId }) });
  const put = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${adminToken}` }) =>
    update(new Request(url(`/${integrationId}`), { method: "PUT", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }), params());

  it("lists the organization's integrations and reads the settings", async () => {
    const listed = await list(new Request(url(), { headers: { cookie: memberCookie } }), params());
    expect(await listed.json()).toMatchObject({ integrations: [{ id: integrationId, provider: "jira", status: "active" }] });
    const settings = (await (await read(new Request(url(`/${integrationId}`), { headers: { cookie: memberCookie } }), params())).json()) as { config: Record<string, unknown> };
    expect(settings.config).toMatchObject({ sync_reverse_assignment: true, sync_forward_assignment: false, resolution_strategy: "resolve" });
  });

  it("saves toggles, ignored fields and replaces status mappings wholesale", async () => {
    const first = await put({
      sync_forward_assignment: true,
      resolution_strategy: "resolve_next_release",
      issues_ignored_fields: "labels,\n components , ",
      sync_status_forward: { "10000": { on_resolve: "10101", on_unresolve: "1", also_resolved: ["10102"] }, "10001": { on_resolve: "10101", on_unresolve: "3" } },
    });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { config: Record<string, unknown>; statusMappings: Record<string, unknown> };
    expect(body.config).toMatchObject({ sync_forward_assignment: true, sync_status_forward: true, resolution_strategy: "resolve_next_release", issues_ignored_fields: "labels, components" });
    expect(Object.keys(body.statusMappings)).toEqual(["10000", "10001"]);
    await put({ sync_status_forward: { "10001": { on_resolve: "10101", on_unresolve: "1" } } });
    expect(await database.prisma.integrationExternalProject.count()).toBe(1);
    const off = (await (await put({ sync_status_forward: {} })).json()) as { config: Record<string, unknown> };
    expect(off.config.sync_status_forward).toBe(false);
  });

  it("refuses bad settings, members and other organizations, changing nothing", async () => {
    const before = (await database.prisma.organizationIntegration.findFirstOrThrow({ where: { integrationId } })).config;
    const empty = await put({ sync_status_forward: { "10000": { on_resolve: "", on_unresolve: "1" } } });
    expect([empty.status, ((await empty.json()) as { error: { message: string } }).error.message]).toEqual([400, "Resolve and unresolve status are required."]);
    expect((await put({ resolution_strategy: "whenever" })).status).toBe(400);
    expect((await put({ unknown_key: true })).status).toBe(400);
    expect((await put({ sync_comments: true }, { cookie: memberCookie, origin: BASE })).status).toBe(403);
    expect((await put({ sync_comments: true }, { authorization: `Bearer ${foreignToken}` })).status).toBe(404);
    expect((await database.prisma.organizationIntegration.findFirstOrThrow({ where: { integrationId } })).config).toEqual(before);
  });

  it("defect 10: 8 identical concurrent saves all succeed and leave exactly what was sent", async () => {
    const body = {
      sync_comments: true,
      sync_status_forward: {
        "10000": { on_resolve: "10101", on_unresolve: "1", also_resolved: ["10102"] },
        "10001": { on_resolve: "10101", on_unresolve: "3" },
        "10002": { on_resolve: "10200", on_unresolve: "1" },
      },
    };
    const responses = await Promise.all(Array.from({ length: 8 }, () => put(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const settings = (await (await read(new Request(url(`/${integrationId}`), { headers: { cookie: memberCookie } }), params())).json()) as {
      config: Record<string, unknown>;
      statusMappings: Record<string, unknown>;
    };
    expect(settings.config).toMatchObject({ sync_comments: true, sync_status_forward: true });
    expect(settings.statusMappings).toEqual({
      "10000": { name: null, on_resolve: "10101", on_unresolve: "1", also_resolved: ["10102"] },
      "10001": { name: null, on_resolve: "10101", on_unresolve: "3", also_resolved: [] },
      "10002": { name: null, on_resolve: "10200", on_unresolve: "1", also_resolved: [] },
    });
    expect(await database.prisma.integrationExternalProject.count()).toBe(3);
  });

  it("offers the site's projects and statuses for the mapping", async () => {
    const response = await catalog(new Request(url(`/${integrationId}/jira-catalog`), { headers: { authorization: `Bearer ${adminToken}` } }), params());
    const body = (await response.json()) as { projects: { key: string }[]; statuses: { id: string; category: string }[] };
    expect(body.projects.map((p) => p.key)).toEqual(["APP", "OPS"]);
    expect(body.statuses.find((s) => s.id === "10101")?.category).toBe("done");
  });
});
