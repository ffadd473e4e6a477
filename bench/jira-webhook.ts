import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { setDatabase } from "@/lib/db/client";
import { extractConnectToken, verifyConnectJwt } from "@/lib/integrations/jira/connect-jwt";
import { createTestDatabase, postgresReachable, type TestDatabaseKind } from "@/lib/testing/db";
import { POST as issueUpdated } from "@/app/api/jira/issue-updated/route";
import { seedBenchJiraSite } from "./jira-bench-site";
import { percentile } from "./percentile";

// Assignee webhooks through the real route handler over HTTP, next to a bare node:http server that
// only verifies the same Connect JWT: the ratio is what Tether's work costs on top of auth.

export interface LatencySummary {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, bodies: (() => Promise<{ body: string; headers: Record<string, string> }>), total: number, concurrency: number): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < total) {
      next += 1;
      const request = await bodies();
      const t0 = performance.now();
      const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) errors += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: total, seconds, perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

function serve(handler: (request: Request) => Promise<Response>): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`https://tether.test${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/jira/issue-updated` })));
}

export async function runJiraWebhookBench(options: { kind?: TestDatabaseKind; requests?: number; concurrency?: number } = {}) {
  const kind = options.kind ?? ((await postgresReachable()) ? "postgres" : "pglite");
  const total = options.requests ?? 400;
  const concurrency = options.concurrency ?? 8;
  process.env.TETHER_BASE_URL = "https://tether.test";
  process.env.TETHER_SECRET_KEY ??= "bench-secret-key";
  const jira = await new FakeJira().start();
  jira.sharedSecret = `secret-${randomUUID()}`;
  const database = await createTestDatabase(kind);
  setDatabase(database);
  try {
    // 20 linked issues, each flipping between two assignees: every webhook is a real change.
    const issues = await seedBenchJiraSite(database.prisma, jira, 20);
    let n = 0;
    const makeRequest = (path: string) => async () => {
      const issue = issues[n % issues.length];
      const accountId = n % 40 < 20 ? "acc-alice" : "acc-bob";
      n += 1;
      issue.assigneeAccountId = accountId;
      issue.updated = new Date().toISOString();
      const body = JSON.stringify(jira.issueUpdatedPayload(issue, [{ field: "assignee", from: null, to: accountId }]));
      const token = await jira.signWebhook("POST", `https://tether.test${path}`);
      return { body, headers: { authorization: `JWT ${token}`, "content-type": "application/json", "x-atlassian-webhook-identifier": randomUUID() } };
    };

    const tether = await serve((request) => issueUpdated(request, { params: Promise.resolve({}) }));
    const secret = jira.sharedSecret;
    const bare = await serve(async (request) => {
      try {
        await verifyConnectJwt({ token: extractConnectToken(request.headers.get("authorization")), method: request.method, url: request.url, sharedSecretFor: async () => secret });
        await request.text();
        return Response.json({ ok: true });
      } catch {
        return Response.json({ detail: "unauthorized" }, { status: 401 });
      }
    });
    // Warm up both (JIT, connection pools, the status cache).
    await load(tether.url, makeRequest("/api/jira/issue-updated"), 40, concurrency);
    await load(bare.url, makeRequest("/api/jira/issue-updated"), 40, concurrency);
    const baseline = await load(bare.url, makeRequest("/api/jira/issue-updated"), total, concurrency);
    const measured = await load(tether.url, makeRequest("/api/jira/issue-updated"), total, concurrency);
    tether.server.close();
    bare.server.close();
    const applied = await database.prisma.syncEvent.count({ where: { direction: "inbound", kind: "assignee", outcome: "applied" } });
    return { kind, concurrency, baseline, tether: measured, applied, ratio: measured.perSecond / baseline.perSecond };
  } finally {
    setDatabase(undefined);
    await database.close();
    await jira.stop();
  }
}
