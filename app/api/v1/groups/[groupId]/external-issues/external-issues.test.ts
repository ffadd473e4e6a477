import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import { ApiError } from "@/lib/http/errors";
import { createJiraIssueForGroup } from "@/lib/integrations/jira/create-issue";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createGroup, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { POST as createOrLink } from "./route";
import { GET as form } from "./form/route";
import { GET as search } from "./search/route";
import { DELETE as unlink } from "./[externalIssueId]/route";

const BASE = "https://tether.test";

describe.each(await testDatabaseKinds())("create and link Jira issues on %s", (kind) => {
  let database: Database;
  const jira = new FakeJira();
  let integrationId: string;
  let token: string;
  let readOnlyToken: string;
  let foreignToken: string;
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;

  beforeAll(async () => {
    await jira.start();
    jira.sharedSecret = `secret-${randomUUID()}`;
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    const integration = await db.integration.create({
      data: { provider: "jira", externalId: jira.clientKey, name: "Fake Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
    });
    integrationId = integration.id;
    org = await createOrganizationWithProject(db);
    await db.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId, config: { link_back_comment: true } } });
    token = (await createApiToken(db, { organizationId: org.organization.id, name: "ci", scopes: ["issues:write"], createdById: org.users[0].id })).token;
    readOnlyToken = (await createApiToken(db, { organizationId: org.organization.id, name: "ro", scopes: ["issues:read"] })).token;
    const other = await createOrganizationWithProject(db);
    foreignToken = (await createApiToken(db, { organizationId: other.organization.id, name: "other", scopes: ["issues:write"] })).token;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  });

  const params = <E extends Record<string, string>>(groupId: string, extra: E = {} as E) => ({ params: Promise.resolve({ groupId, ...extra }) });
  const auth = (value = token) => ({ authorization: `Bearer ${value}`, "content-type": "application/json" });
  const url = (groupId: string, path = "", query = "") => `${BASE}/api/v1/groups/${groupId}/external-issues${path}${query}`;

  async function post(groupId: string, body: unknown, bearer = token, headers: Record<string, string> = {}) {
    const response = await createOrLink(new Request(url(groupId), { method: "POST", headers: { ...auth(bearer), ...headers }, body: JSON.stringify(body) }), params(groupId));
    return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
  }
  const jiraCreates = () => jira.requests.filter((r) => r.method === "POST" && r.path === "/rest/api/2/issue").length;
  const task = (extra: Record<string, unknown> = {}) => ({ project: "10000", issuetype: "10002", title: "Checkout crashes", ...extra });

  it("serves the dynamic form with defaults, and the required custom fields of a Bug", async () => {
    const group = await createGroup(database.prisma, org.project.id, { title: "TypeError: x is undefined" });
    const response = await form(new Request(url(group.id, "/form", `?integration=${integrationId}`), { headers: auth() }), params(group.id));
    expect(response.status).toBe(200);
    const { fields } = (await response.json()) as { fields: { name: string; type: string; default?: unknown; required: boolean }[] };
    expect(fields.slice(0, 4).map((f) => f.name)).toEqual(["project", "title", "description", "issuetype"]);
    expect(fields.find((f) => f.name === "title")?.default).toBe("TypeError: x is undefined");
    expect(String(fields.find((f) => f.name === "description")?.default)).toContain(`/o/${org.organization.slug}/groups/${group.id}`);
    expect(fields.map((f) => f.name)).not.toContain("timetracking");
    const bug = await form(new Request(url(group.id, "/form", `?integration=${integrationId}&project=10000&issuetype=10004`), { headers: auth() }), params(group.id));
    const bugFields = ((await bug.json()) as { fields: { name: string; type: string; required: boolean }[] }).fields;
    expect(bugFields.find((f) => f.name === "customfield_10100")).toMatchObject({ type: "cascading_select", required: true });
    expect(bugFields.find((f) => f.name === "customfield_10101")).toMatchObject({ type: "number", required: true });
    expect(bugFields.find((f) => f.name === "customfield_10103")).toMatchObject({ type: "async_multiselect" });
  });

  it("creates a Jira issue, links it, records the activity and remembers the choices", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const { status, json } = await post(group.id, {
      integrationId,
      action: "create",
      fields: { project: "10000", issuetype: "10002", title: "Checkout crashes", description: "details", priority: "1", labels: "web, checkout ,", components: ["100"] },
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({ key: expect.stringMatching(/^APP-\d+$/), integrationId, url: expect.stringContaining("/browse/APP-") });
    const created = jira.issues.get(String(json.key))!;
    expect(created.summary).toBe("Checkout crashes");
    expect(created.fields).toMatchObject({ priority: { id: "1" }, labels: ["web", "checkout"], components: [{ id: "100" }] });
    const activity = await database.prisma.activity.findFirstOrThrow({ where: { groupId: group.id, type: "create_issue" } });
    expect(activity.data).toMatchObject({ provider: "Jira", label: json.key, new: true });
    const config = (await database.prisma.organizationIntegration.findFirstOrThrow({ where: { integrationId } })).config as { project_issue_defaults: Record<string, unknown> };
    expect(config.project_issue_defaults[org.project.id]).toMatchObject({ project: "10000", issuetype: "10002", priority: "1" });
  });

  it("sends required custom fields Sentry cannot: cascading select, number, date, multi-user", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const missing = await post(group.id, { integrationId, action: "create", fields: { project: "10000", issuetype: "10004", title: "Bug" } });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: { details: { fields: { customfield_10100: ["Affected area is required."], customfield_10101: ["Severity score is required."] } } } });
    const badNumber = await post(group.id, { integrationId, action: "create", fields: { project: "10000", issuetype: "10004", title: "Bug", customfield_10100: { parent: "Web" }, customfield_10101: "lots" } });
    expect(badNumber.json).toMatchObject({ error: { details: { fields: { customfield_10101: ["Severity score must be a number."] } } } });
    const { status, json } = await post(group.id, {
      integrationId,
      action: "create",
      fields: { project: "10000", issuetype: "10004", title: "Bug", customfield_10100: { parent: "Web", child: "Checkout" }, customfield_10101: "7.5", customfield_10102: "2026-12-24", customfield_10103: ["acc-alice", "acc-bob"] },
    });
    expect(status).toBe(201);
    expect(jira.issues.get(String(json.key))!.fields).toMatchObject({
      customfield_10100: { value: "Web", child: { value: "Checkout" } },
      customfield_10101: 7.5,
      customfield_10102: "2026-12-24",
      customfield_10103: [{ accountId: "acc-alice" }, { accountId: "acc-bob" }],
    });
  });

  it("turns Jira's field errors and missing choices into 400s, writing nothing", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const noType = await post(group.id, { integrationId, action: "create", fields: { project: "10000" } });
    expect(noType).toMatchObject({ status: 400, json: { error: { details: { fields: { issuetype: ["Issue type is required."] } } } } });
    const noProject = await post(group.id, { integrationId, action: "create", fields: { issuetype: "10002" } });
    expect(noProject).toMatchObject({ status: 400, json: { error: { details: { fields: { project: ["Jira project is required"] } } } } });
    jira.failNext("POST /rest/api/2/issue", { status: 400, body: { errorMessages: [], errors: { labels: "Labels cannot contain spaces" } } });
    const refused = await post(group.id, { integrationId, action: "create", fields: { project: "10000", issuetype: "10002", title: "x", labels: "a b" } });
    expect(refused).toMatchObject({ status: 400, json: { error: { details: { fields: { labels: ["Labels cannot contain spaces"] } } } } });
    expect(await database.prisma.groupLink.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("defect 8: a NUL byte or a lone surrogate in the form is a 400 on that field, and Jira is never asked", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const before = jiraCreates();
    // The HTTP layer refuses such text in every body before any handler runs (defect 9), naming the field.
    const nul = await post(group.id, { integrationId, action: "create", fields: task({ description: "before\u0000after" }) });
    expect(nul).toMatchObject({ status: 400, json: { error: { code: "invalid_characters", details: { location: "body", field: "fields.description" } } } });
    const surrogate = await post(group.id, { integrationId, action: "create", fields: task({ title: "broken \ud800 title", labels: ["ok", "x\udc00"] }) });
    expect(surrogate).toMatchObject({ status: 400, json: { error: { code: "invalid_characters", details: { location: "body" } } } });
    const nestedKey = await post(group.id, { integrationId, action: "create", fields: task({ customfield_10100: { ["pa\u0000rent"]: "Web" } }) });
    expect(nestedKey).toMatchObject({ status: 400, json: { error: { code: "invalid_characters" } } });
    // Field-level errors for the form come from the domain function's own check.
    await expect(createJiraIssueForGroup(database.prisma, { organizationId: org.organization.id, groupId: group.id, integrationId, userId: null, fields: task({ title: "broken \ud800 title", labels: ["ok", "x\udc00"], customfield_10100: { ["pa\u0000rent"]: "Web" } }) })).rejects.toSatisfy(
      (error) => error instanceof ApiError && error.status === 400 && JSON.stringify(error.details).includes('"title"') && JSON.stringify(error.details).includes('"labels"') && JSON.stringify(error.details).includes('"customfield_10100"'),
    );
    // The domain function refuses it by itself, whatever the HTTP layer in front of it does.
    const direct = createJiraIssueForGroup(database.prisma, { organizationId: org.organization.id, groupId: group.id, integrationId, userId: null, fields: task({ description: "a\u0000b" }) });
    await expect(direct).rejects.toSatisfy((error) => error instanceof ApiError && error.status === 400);
    expect(jiraCreates()).toBe(before);
    expect(await database.prisma.groupLink.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("defect 8: the same Idempotency-Key twice creates one Jira issue and gives the same answer", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const before = jiraCreates();
    const key = `key-${randomUUID()}`;
    const first = await post(group.id, { integrationId, action: "create", fields: task() }, token, { "idempotency-key": key });
    const second = await post(group.id, { integrationId, action: "create", fields: task() }, token, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(jiraCreates()).toBe(before + 1);
    // The key may come in the body too; reusing a key for another request is refused.
    const inBody = await post(group.id, { integrationId, action: "create", fields: task(), idempotencyKey: key });
    expect(inBody.json).toEqual(first.json);
    const reused = await post(group.id, { integrationId, action: "create", fields: task({ title: "Something else" }) }, token, { "idempotency-key": key });
    expect(reused).toMatchObject({ status: 422, json: { error: { code: "idempotency_key_reused" } } });
    // A create Jira refused left nothing behind, so its key may come back with the form corrected.
    const bugKey = { "idempotency-key": `key-${randomUUID()}` };
    const bug = task({ issuetype: "10004", customfield_10100: { parent: "Web" } });
    expect((await post(group.id, { integrationId, action: "create", fields: bug }, token, bugKey)).status).toBe(400);
    const corrected = await post(group.id, { integrationId, action: "create", fields: { ...bug, customfield_10101: "3" } }, token, bugKey);
    expect(corrected.status).toBe(201);
    expect(corrected.json.key).not.toBe(first.json.key);
    // Without a key, the same form sent twice (a double click, a retried request) is one issue too.
    const other = await createGroup(database.prisma, org.project.id);
    const a = await post(other.id, { integrationId, action: "create", fields: task({ description: "same" }) });
    const b = await post(other.id, { integrationId, action: "create", fields: task({ description: "same " }) });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json).toEqual(a.json);
    expect(jiraCreates()).toBe(before + 3);
    expect(await database.prisma.groupLink.count({ where: { groupId: { in: [group.id, other.id] } } })).toBe(3);
    // Once that issue is unlinked, the same form is a new request again.
    const externalId = String(a.json.id);
    await unlink(new Request(url(other.id, `/${externalId}`), { method: "DELETE", headers: auth() }), params(other.id, { externalIssueId: externalId }));
    const again = await post(other.id, { integrationId, action: "create", fields: task({ description: "same" }) });
    expect(again.status).toBe(201);
    expect(again.json.key).not.toBe(a.json.key);
    expect(jiraCreates()).toBe(before + 4);
  });

  it("defect 8: a concurrent duplicate is told the issue is already being created", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const before = jiraCreates();
    jira.failNext("POST /rest/api/2/issue", { status: 0, delayMs: 400 });
    const key = `key-${randomUUID()}`;
    const body = { integrationId, action: "create", fields: task() };
    const [first, second] = await Promise.all([
      post(group.id, body, token, { "idempotency-key": key }),
      new Promise((r) => setTimeout(r, 150)).then(() => post(group.id, body, token, { "idempotency-key": key })),
    ]);
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 409, json: { error: { code: "creation_in_progress" } } });
    expect(jiraCreates()).toBe(before + 1);
  });

  it("defect 8: when Tether cannot record the link after Jira created the issue, it answers 503 (not 500) and a retry links that same issue", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const before = jiraCreates();
    const db = database.prisma;
    // A real failure inside the database, after Jira has answered: inserts of this group's links raise.
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'link table unavailable'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_link BEFORE INSERT ON "GroupLink" FOR EACH ROW WHEN (NEW."groupId" = '${group.id}') EXECUTE FUNCTION refuse_link()`);
    const body = { integrationId, action: "create", fields: task({ title: "Recorded later" }) };
    let failed;
    try {
      failed = await post(group.id, body);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_link ON "GroupLink"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_link()`);
    }
    expect(failed.status).toBe(503);
    const created = [...jira.issues.values()].find((i) => i.summary === "Recorded later")!;
    expect(failed.json).toMatchObject({ error: { code: "issue_created_not_linked", details: { key: created.key } } });
    expect((failed.json.error as { message: string }).message).toContain(created.key);
    expect(await db.groupLink.count({ where: { groupId: group.id } })).toBe(0);

    const retried = await post(group.id, body);
    expect(retried).toMatchObject({ status: 201, json: { key: created.key } });
    expect(jiraCreates()).toBe(before + 1);
    expect(await db.groupLink.count({ where: { groupId: group.id } })).toBe(1);
    expect(await db.activity.count({ where: { groupId: group.id, type: "create_issue" } })).toBe(1);
  });

  it("links an existing issue with a back-link comment, refuses it twice, and unlinks", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const issue = jira.addIssue({ summary: "Existing bug" });
    const linked = await post(group.id, { integrationId, action: "link", externalIssue: issue.key.toLowerCase() });
    expect(linked.status).toBe(201);
    expect(issue.comments.at(-1)).toContain(`/groups/${group.id}`);
    const again = await post(group.id, { integrationId, action: "link", externalIssue: issue.key });
    expect(again).toMatchObject({ status: 400, json: { error: { message: "That issue is already linked" } } });
    const unknown = await post(group.id, { integrationId, action: "link", externalIssue: "APP-99999" });
    expect(unknown.status).toBe(400);
    const external = await database.prisma.externalIssue.findFirstOrThrow({ where: { key: issue.key } });
    const other = await createGroup(database.prisma, org.project.id);
    await post(other.id, { integrationId, action: "link", externalIssue: issue.key, comment: false });
    const del = (groupId: string) =>
      unlink(new Request(url(groupId, `/${external.id}`), { method: "DELETE", headers: auth() }), params(groupId, { externalIssueId: external.id }));
    expect((await del(group.id)).status).toBe(204);
    expect(await database.prisma.externalIssue.count({ where: { id: external.id } })).toBe(1);
    expect((await del(other.id)).status).toBe(204);
    expect(await database.prisma.externalIssue.count({ where: { id: external.id } })).toBe(0);
    expect((await del(other.id)).status).toBe(204);
  });

  it("says so plainly when Jira refuses Tether's credentials", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const stale = await database.prisma.integration.create({
      data: { provider: "jira", externalId: `stale-${randomUUID()}`, name: "Stale Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: "an-old-secret" }) },
    });
    await database.prisma.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId: stale.id } });
    const response = await form(new Request(url(group.id, "/form", `?integration=${stale.id}`), { headers: auth() }), params(group.id));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Unauthorized.*Re-install/);
  });

  it("searches Jira users for async selects", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const response = await search(new Request(url(group.id, "/search", `?integration=${integrationId}&field=reporter&kind=user&query=ali`), { headers: auth() }), params(group.id));
    expect(await response.json()).toEqual({ choices: [["acc-alice", "Alice Adams"]] });
  });

  it("answers 401, 403 and 404 without touching anything", async () => {
    const group = await createGroup(database.prisma, org.project.id);
    const body = { integrationId, action: "link", externalIssue: "APP-1" };
    const anonymous = await createOrLink(new Request(url(group.id), { method: "POST", body: JSON.stringify(body) }), params(group.id));
    expect(anonymous.status).toBe(401);
    expect((await post(group.id, body, readOnlyToken)).status).toBe(403);
    expect((await post(group.id, body, foreignToken)).status).toBe(404);
    expect((await post("no-such-group", body)).status).toBe(404);
    expect((await post(group.id, { ...body, integrationId: "nope" })).status).toBe(404);
    expect((await post(group.id, { action: "explode" })).status).toBe(400);
    const malformed = await createOrLink(new Request(url(group.id), { method: "POST", headers: auth(), body: "{" }), params(group.id));
    expect(malformed.status).toBe(400);
    expect(await database.prisma.groupLink.count({ where: { groupId: group.id } })).toBe(0);
  });
});
