import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, importPKCS8 } from "jose";
import { queryStringHash, verifyConnectJwt } from "@/lib/integrations/jira/connect-jwt";
import {
  JIRA_SITE_PROJECTS,
  JIRA_SITE_STATUSES,
  answerJiraRest,
  issueJson,
  issueUpdatedPayload,
  jiraSiteCreateMeta,
  userJson,
  type JiraSiteIssue,
  type JiraSiteStore,
  type JiraSiteUser,
} from "@/lib/sandbox/jira-core";

// A fake Jira Cloud site (and Atlassian's install-keys service) speaking the REST endpoints Tether
// uses, with realistic payloads. It records every request, verifies the Connect JWT Tether signs
// its calls with, and can be told to fail (status, Retry-After, delay).

// The site's behaviour (statuses, create-meta, transitions, errors) is lib/sandbox/jira-core.ts,
// shared with the product's sandbox site; this fake keeps its issues in memory.
export type FakeJiraUser = JiraSiteUser;
export type FakeJiraIssue = JiraSiteIssue;

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

export const FAKE_STATUSES = JIRA_SITE_STATUSES;
export const FAKE_PROJECTS = JIRA_SITE_PROJECTS;

/** The create screen: "Task" is plain; "Bug" has required custom fields Sentry cannot fill. */
export function fakeCreateMeta(projectId: string) {
  return jiraSiteCreateMeta(projectId);
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
    return userJson(user);
  }

  issueJson(issue: FakeJiraIssue) {
    return issueJson(issue, this.users, this.baseUrl);
  }

  /** The `jira:issue_updated` webhook body Jira sends for an assignee and/or status change. */
  issueUpdatedPayload(issue: FakeJiraIssue, items: Array<{ field: "assignee" | "status"; from: string | null; to: string | null }>) {
    return issueUpdatedPayload(issue, this.users, this.baseUrl, items);
  }

  /** The in-memory store the shared Jira behaviour answers from. */
  private readonly store: JiraSiteStore = {
    title: "Fake Jira",
    users: this.users,
    getIssue: async (key) => this.issues.get(key) ?? null,
    searchIssues: async (query) => [...this.issues.values()].filter((i) => i.key.toLowerCase().includes(query) || i.summary.toLowerCase().includes(query)),
    createIssue: async (input) => this.addIssue({ projectId: input.projectId, summary: input.summary, description: input.description, fields: input.fields }),
    updateIssue: async (key, change) => {
      const issue = this.issues.get(key);
      if (!issue) return;
      if (change.statusId !== undefined) issue.statusId = change.statusId;
      if (change.assigneeAccountId !== undefined) issue.assigneeAccountId = change.assigneeAccountId;
      issue.updated = new Date().toISOString();
    },
    addComment: async (key, body) => {
      const issue = this.issues.get(key);
      issue?.comments.push(body);
      return issue?.comments.length ?? 0;
    },
  };

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

  private async route(method: string, url: URL, body: unknown, send: (status: number, payload?: unknown) => void): Promise<void> {
    const answer = await answerJiraRest(this.store, { method, path: url.pathname, query: url.searchParams, body, baseUrl: this.baseUrl });
    send(answer.status, answer.body);
  }
}
