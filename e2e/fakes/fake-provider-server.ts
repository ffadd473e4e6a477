import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PermanentSyncError, RetryAfterError, type IssueSyncProvider, type OutboundSyncContext } from "@/lib/integrations/provider";

export interface ReceivedCall {
  method: string;
  path: string;
  body: unknown;
}

type Scripted = { status: number; headers?: Record<string, string> };

/**
 * A tiny issue tracker over real HTTP: it records what it is told and can be scripted to answer
 * the next calls with 500s or 429 + Retry-After.
 */
export class FakeProviderServer {
  readonly calls: ReceivedCall[] = [];
  private readonly script: Scripted[] = [];
  private server: Server | null = null;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const next = this.script.shift();
        this.calls.push({ method: req.method ?? "GET", path: req.url ?? "/", body });
        res.writeHead(next?.status ?? 204, next?.headers ?? {});
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `times` calls answer `status` (with headers such as Retry-After). */
  failNext(times: number, status: number, headers?: Record<string, string>): void {
    for (let i = 0; i < times; i++) this.script.push({ status, headers });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : null;
}

async function call(baseUrl: string, method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (response.ok) return;
  if (response.status === 429) throw new RetryAfterError(Number(response.headers.get("retry-after") ?? "1"));
  if (response.status === 401) throw new PermanentSyncError("provider refused our credentials");
  throw new Error(`provider answered ${response.status}`);
}

/** A provider speaking to the fake server: assignee by email, status by name. */
export function fakeIssueSyncProvider(baseUrl: () => string): IssueSyncProvider {
  return {
    async syncAssigneeOutbound(ctx: OutboundSyncContext) {
      await call(baseUrl(), "PUT", `/issue/${ctx.externalIssue.key}/assignee`, { email: ctx.assignee?.email ?? null, attempt: ctx.attempt });
      return { outcome: "applied" };
    },
    async syncStatusOutbound(ctx: OutboundSyncContext) {
      await call(baseUrl(), "POST", `/issue/${ctx.externalIssue.key}/status`, { status: ctx.group.status, attempt: ctx.attempt });
      return { outcome: "applied" };
    },
  };
}
