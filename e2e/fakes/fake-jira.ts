import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, importPKCS8 } from "jose";
import { queryStringHash, verifyConnectJwt } from "@/lib/integrations/jira/connect-jwt";

// A fake Jira Cloud site (and Atlassian's install-keys service) speaking the REST endpoints Tether
// uses, with realistic payloads. It records every request, verifies the Connect JWT Tether signs
// its calls with, and can be told to fail (status, Retry-After, delay).

export interface FakeJiraUser {
  accountId: string;
  displayName: string;
  email: string;
  /** GDPR: the email is hidden from payloads and search results; only /user/email reveals it. */
  hideEmail?: boolean;
}

export interface FakeJiraIssue {
  id: string;
  key: string;
  projectId: string;
  summary: string;
  description: string | null;
  statusId: string;
  assigneeAccountId: string | null;
  updated: string;
  comments: string[];
  fields: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorized: boolean;
}

interface Failure {
  match: (method: string, path: string) => boolean;
  status: number;
  retryAfter?: number;
  body?: unknown;
  delayMs?: number;
  /** Extra answer headers, e.g. a Location for a redirect. */
  headers?: Record<string, string>;
  times: number;
}

export const FAKE_STATUSES = [
  { id: "1", name: "Open", statusCategory: { key: "new" } },
  { id: "3", name: "In Progress", statusCategory: { key: "indeterminate" } },
  { id: "10101", name: "Done", statusCategory: { key: "done" } },
  { id: "10102", name: "Cancelled", statusCategory: { key: "done" } },
  { id: "10200", name: "Won't Fix", statusCategory: { key: "indeterminate" } },
];

export const FAKE_PROJECTS = [
  { id: "10000", key: "APP", name: "Application" },
  { id: "10001", key: "OPS", name: "Operations" },
];

/** The create screen: "Task" is plain; "Bug" has required custom fields Sentry cannot fill. */
export function fakeCreateMeta(projectId: string) {
  const project = FAKE_PROJECTS.find((p) => p.id === projectId);
  if (!project) return { projects: [] };
  const common = {
    summary: { required: true, name: "Summary", schema: { type: "string", system: "summary" } },
    description: { required: false, name: "Description", schema: { type: "string", system: "description" } },
    issuetype: { required: true, name: "Issue Type", schema: { type: "issuetype", system: "issuetype" } },
    project: { required: true, name: "Project", schema: { type: "project", system: "project" } },
    priority: {
      required: false,
      name: "Priority",
      schema: { type: "priority", system: "priority" },
      allowedValues: [{ id: "1", name: "Highest" }, { id: "3", name: "Medium" }, { id: "5", name: "Lowest" }],
    },
    labels: { required: false, name: "Labels", schema: { type: "array", items: "string", system: "labels" } },
    components: {
      required: false,
      name: "Components",
      schema: { type: "array", items: "component", system: "components" },
      allowedValues: [{ id: "100", name: "Backend" }, { id: "101", name: "Frontend" }],
    },
    reporter: { required: false, name: "Reporter", schema: { type: "user", system: "reporter" }, autoCompleteUrl: "https://fake/rest/api/2/user/search?query=" },
    timetracking: { required: false, name: "Time tracking", schema: { type: "timetracking", system: "timetracking" } },
  };
  return {
    projects: [
      {
        ...project,
        issuetypes: [
          { id: "10002", name: "Task", subtask: false, fields: common },
          {
            id: "10004",
            name: "Bug",
            subtask: false,
            fields: {
              ...common,
              customfield_10100: {
                required: true,
                name: "Affected area",
                schema: { type: "option-with-child", custom: "com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect", customId: 10100 },
                allowedValues: [
                  { id: "1", value: "Web", children: [{ id: "11", value: "Checkout" }, { id: "12", value: "Search" }] },
                  { id: "2", value: "API", children: [{ id: "21", value: "Billing" }] },
                ],
              },
              customfield_10101: { required: true, name: "Severity score", schema: { type: "number", custom: "com.atlassian.jira.plugin.system.customfieldtypes:float", customId: 10101 } },
              customfield_10102: { required: false, name: "Fix by", schema: { type: "date", custom: "com.atlassian.jira.plugin.system.customfieldtypes:datepicker", customId: 10102 } },
              customfield_10103: { required: false, name: "Reviewers", schema: { type: "array", items: "user", custom: "com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker", customId: 10103 } },
            },
          },
        ],
      },
    ],
  };
}

export class FakeJira {
  readonly requests: RecordedRequest[] = [];
  readonly users: FakeJiraUser[] = [
    { accountId: "acc-alice", displayName: "Alice Adams", email: "alice@example.com" },
    { accountId: "acc-bob", displayName: "Bob Brown", email: "bob@example.com", hideEmail: true },
  ];
  readonly issues = new Map<string, FakeJiraIssue>();
  /** Set by the test after the install: the secret Tether signs its calls with. */
  sharedSecret: string | null = null;
  readonly clientKey = `fake-client-${randomUUID()}`;
  readonly keyId = `kid-${randomUUID()}`;
  private readonly keyPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private failures: Failure[] = [];
  private server: Server | null = null;
  private nextIssueNumber = 1;
  baseUrl = "";

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ errorMessages: [String(error)] }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", resolve);
    });
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** Where Tether should fetch install public keys from (JIRA_CONNECT_KEYS_URL). */
  get installKeysUrl(): string {
    return `${this.baseUrl}/install-keys`;
  }

  failNext(match: string | RegExp, failure: Omit<Failure, "match" | "times"> & { times?: number }): void {
    const test = (method: string, path: string) =>
      typeof match === "string" ? `${method} ${path}`.includes(match) : match.test(`${method} ${path}`);
    this.failures.push({ ...failure, match: test, times: failure.times ?? 1 });
  }

  addIssue(input: Partial<FakeJiraIssue> & { key?: string; projectId?: string } = {}): FakeJiraIssue {
    const project = FAKE_PROJECTS.find((p) => p.id === (input.projectId ?? "10000"))!;
    const number = this.nextIssueNumber++;
    const issue: FakeJiraIssue = {
      id: String(20000 + number),
      key: input.key ?? `${project.key}-${number}`,
      projectId: project.id,
      summary: input.summary ?? `Issue ${number}`,
      description: input.description ?? null,
      statusId: input.statusId ?? "1",
      assigneeAccountId: input.assigneeAccountId ?? null,
      updated: input.updated ?? new Date().toISOString(),
      comments: [],
      fields: input.fields ?? {},
    };
    this.issues.set(issue.key, issue);
    return issue;
  }

  userJson(user: FakeJiraUser) {
    return {
      accountId: user.accountId,
      displayName: user.displayName,
      active: true,
      ...(user.hideEmail ? {} : { emailAddress: user.email }),
    };
  }

  issueJson(issue: FakeJiraIssue) {
    const project = FAKE_PROJECTS.find((p) => p.id === issue.projectId)!;
    const assignee = this.users.find((u) => u.accountId === issue.assigneeAccountId);
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.baseUrl}/rest/api/2/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        description: issue.description,
        status: FAKE_STATUSES.find((s) => s.id === issue.statusId),
        project,
        assignee: assignee ? this.userJson(assignee) : null,
        updated: issue.updated,
        ...issue.fields,
      },
    };
  }

  /** The `jira:issue_updated` webhook body Jira sends for an assignee and/or status change. */
  issueUpdatedPayload(issue: FakeJiraIssue, items: Array<{ field: "assignee" | "status"; from: string | null; to: string | null }>) {
    return {
      timestamp: Date.now(),
      webhookEvent: "jira:issue_updated",
      issue_event_type_name: "issue_generic",
      user: { accountId: "acc-alice", displayName: "Alice Adams" },
      issue: this.issueJson(issue),
      changelog: {
        id: String(Date.now()),
        items: items.map((item) => ({
          field: item.field,
          fieldtype: "jira",
          fieldId: item.field,
          from: item.from,
          fromString: item.from,
          to: item.to,
          toString: item.to,
        })),
      },
    };
  }

  /** A Connect JWT as Jira signs webhooks: HS256 with the shared secret, qsh over the target request. */
  async signWebhook(method: string, url: string, options: { secret?: string; expiresIn?: number; qsh?: string | null } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { iss: this.clientKey, iat: now, exp: now + (options.expiresIn ?? 180) };
    if (options.qsh !== null) claims.qsh = options.qsh ?? queryStringHash(method, url);
    const secret = options.secret ?? this.sharedSecret;
    if (!secret) throw new Error("the fake Jira has no shared secret yet");
    return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
  }

  /** A signed install/uninstall callback: RS256 with this fake's key id, aud = Tether's base URL. */
  async signInstall(method: string, url: string, audience: string, options: { kid?: string; expiresIn?: number; iss?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const key = await importPKCS8(this.keyPair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "RS256");
    return new SignJWT({ qsh: queryStringHash(method, url) })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: options.kid ?? this.keyId })
      .setIssuer(options.iss ?? this.clientKey)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresIn ?? 180))
      .sign(key);
  }

  installPayload(sharedSecret: string = `secret-${randomUUID()}`) {
    return {
      key: "tether",
      clientKey: this.clientKey,
      sharedSecret,
      baseUrl: this.baseUrl,
      displayUrl: this.baseUrl,
      productType: "jira",
      description: "Fake Jira Cloud",
      eventType: "installed",
      oauthClientId: `oauth-${randomUUID()}`,
      publicKey: "MIIBIjANBgkq",
      serverVersion: "100.0",
      pluginsVersion: "1001.0.0",
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    const method = req.method ?? "GET";
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(payload === undefined ? "" : JSON.stringify(payload));
    };

    if (url.pathname.startsWith("/install-keys/")) {
      const kid = decodeURIComponent(url.pathname.slice("/install-keys/".length));
      if (kid !== this.keyId) return send(404, { message: "unknown key" });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(this.keyPair.publicKey.export({ type: "spki", format: "pem" }).toString());
      return;
    }

    const authorized = await this.isAuthorized(method, url, req.headers.authorization);
    this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorized });

    const failure = this.failures.find((f) => f.times > 0 && f.match(method, url.pathname));
    if (failure) {
      failure.times -= 1;
      if (failure.delayMs) await new Promise((r) => setTimeout(r, failure.delayMs));
      if (failure.status > 0) {
        return send(failure.status, failure.body ?? { errorMessages: [`fake failure ${failure.status}`] }, {
          ...(failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {}),
          ...failure.headers,
        });
      }
    }
    if (!authorized) return send(401, { errorMessages: ["Authentication failed"] });
    return this.route(method, url, body, send);
  }

  private async isAuthorized(method: string, url: URL, header: string | undefined): Promise<boolean> {
    if (!this.sharedSecret || !header?.startsWith("JWT ")) return false;
    try {
      await verifyConnectJwt({ token: header.slice(4), method, url, sharedSecretFor: async () => this.sharedSecret });
      return true;
    } catch {
      return false;
    }
  }

  private route(method: string, url: URL, body: unknown, send: (status: number, payload?: unknown) => void): void {
    const path = url.pathname;
    const issueMatch = /^\/rest\/api\/2\/issue\/([^/]+)(\/assignee|\/transitions|\/comment)?$/.exec(path);
    if (method === "GET" && path === "/rest/api/2/serverInfo") return send(200, { baseUrl: this.baseUrl, serverTitle: "Fake Jira", version: "1001.0.0", deploymentType: "Cloud" });
    if (method === "GET" && path === "/rest/api/2/status") return send(200, FAKE_STATUSES);
    if (method === "GET" && path === "/rest/api/2/project") return send(200, FAKE_PROJECTS.map((p) => ({ ...p, avatarUrls: { "48x48": `${this.baseUrl}/avatar/${p.id}.png` } })));
    if (method === "GET" && path === "/rest/api/2/priority") return send(200, [{ id: "1", name: "Highest" }, { id: "3", name: "Medium" }, { id: "5", name: "Lowest" }]);
    if (method === "GET" && path === "/rest/api/3/user/email") {
      const user = this.users.find((u) => u.accountId === url.searchParams.get("accountId"));
      return user ? send(200, { accountId: user.accountId, email: user.email }) : send(404, { errorMessages: ["User not found"] });
    }
    if (method === "GET" && path === "/rest/api/2/user/assignable/search") {
      const query = (url.searchParams.get("query") ?? "").toLowerCase();
      const hits = this.users.filter((u) => u.email.toLowerCase().includes(query) || u.displayName.toLowerCase().includes(query));
      return send(200, hits.map((u) => this.userJson(u)));
    }
    if (method === "GET" && path === "/rest/api/2/issue/createmeta") return send(200, fakeCreateMeta(url.searchParams.get("projectIds") ?? ""));
    if (method === "GET" && path === "/rest/api/2/user/search") {
      const query = (url.searchParams.get("query") ?? "").toLowerCase();
      return send(200, this.users.filter((u) => u.displayName.toLowerCase().includes(query) || u.email.includes(query)).map((u) => this.userJson(u)));
    }
    if (method === "GET" && path === "/rest/api/2/issue/picker") {
      const query = (url.searchParams.get("query") ?? "").toLowerCase();
      const issues = [...this.issues.values()].filter((i) => i.key.toLowerCase().includes(query) || i.summary.toLowerCase().includes(query));
      return send(200, { sections: [{ label: "History Search", issues: issues.map((i) => ({ key: i.key, summaryText: i.summary })) }] });
    }
    if (method === "POST" && path === "/rest/api/2/issue") {
      const fields = (body as { fields?: Record<string, unknown> } | null)?.fields ?? {};
      if (typeof fields.summary !== "string" || !fields.summary) return send(400, { errorMessages: [], errors: { summary: "You must specify a summary of the issue." } });
      const projectId = String((fields.project as { id?: string } | undefined)?.id ?? "10000");
      if (!FAKE_PROJECTS.some((p) => p.id === projectId)) return send(400, { errorMessages: [], errors: { project: "valid project is required" } });
      const typeId = String((fields.issuetype as { id?: string } | undefined)?.id ?? "");
      const type = fakeCreateMeta(projectId).projects[0]?.issuetypes.find((t) => t.id === typeId);
      if (!type) return send(400, { errorMessages: [], errors: { issuetype: "The issue type selected is invalid." } });
      for (const [id, meta] of Object.entries(type.fields as Record<string, { required: boolean; name: string }>)) {
        if (meta.required && fields[id] === undefined) return send(400, { errorMessages: [], errors: { [id]: `${meta.name} is required.` } });
      }
      const issue = this.addIssue({ projectId, summary: fields.summary, description: typeof fields.description === "string" ? fields.description : null, fields });
      return send(201, { id: issue.id, key: issue.key, self: `${this.baseUrl}/rest/api/2/issue/${issue.id}` });
    }
    if (issueMatch) {
      const issue = this.issues.get(decodeURIComponent(issueMatch[1]));
      if (!issue) return send(404, { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} });
      const sub = issueMatch[2];
      if (method === "GET" && !sub) return send(200, this.issueJson(issue));
      if (method === "PUT" && sub === "/assignee") {
        const accountId = (body as { accountId?: string | null } | null)?.accountId ?? null;
        if (accountId && !this.users.some((u) => u.accountId === accountId)) return send(400, { errorMessages: [], errors: { assignee: "User does not exist" } });
        issue.assigneeAccountId = accountId;
        issue.updated = new Date().toISOString();
        return send(204);
      }
      if (method === "GET" && sub === "/transitions") {
        return send(200, { transitions: FAKE_STATUSES.filter((s) => s.id !== issue.statusId).map((s) => ({ id: `t-${s.id}`, name: `To ${s.name}`, to: s })) });
      }
      if (method === "POST" && sub === "/transitions") {
        const id = (body as { transition?: { id?: string } } | null)?.transition?.id ?? "";
        const target = FAKE_STATUSES.find((s) => `t-${s.id}` === id);
        if (!target) return send(400, { errorMessages: ["Transition id is not valid"] });
        issue.statusId = target.id;
        issue.updated = new Date().toISOString();
        return send(204);
      }
      if (method === "POST" && sub === "/comment") {
        issue.comments.push(String((body as { body?: unknown } | null)?.body ?? ""));
        return send(201, { id: String(issue.comments.length) });
      }
    }
    return send(404, { errorMessages: [`No fake for ${method} ${path}`] });
  }
}
