// The cheapest real Tether process for crash and fault scenarios: the real route handlers and the
// real outbound queue on DATABASE_URL, served by node:http (a `next build` per run would cost a
// minute and add nothing the scenarios look at). Prints "ready <pid>" once it listens.
//   PORT          where to listen (127.0.0.1)
//   PROVIDER_URL  the fake issue tracker outbound jobs talk to
//   TETHER_WORKERS=0  queue outbound jobs without working them
//   SWEEP_INTERVAL_SECONDS  the periodic outbox re-sweep (2 s; 0 = only the sweep on start)
//   HOLD_OUTBOX_DISPATCH=1  committed outbox rows are never handed to the queue: a change's request
//                           hangs after its commit, as a process stopped between commit and dispatch
import http from "node:http";
import { getDatabase } from "@/lib/db/client";
import { createIssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { setOutboxDispatcher } from "@/lib/domain/sync-history/outbox";
import { startJobQueue } from "@/lib/jobs/job-queue";
import { queueNameOf } from "@/lib/jobs/job-definition";
import { jobDefinitions } from "@/lib/jobs/job-definitions";
import { fakeIssueSyncProvider } from "@/e2e/fakes/fake-provider-server";
import { POST as ingestEvents } from "@/app/api/v1/projects/[orgSlug]/[projectSlug]/events/route";
import { PUT as updateGroup } from "@/app/api/v1/groups/[groupId]/route";
import { GET as health } from "@/app/api/health/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: { method: string; pattern: RegExp; names: string[]; handler: Handler }[] = [
  { method: "POST", pattern: /^\/api\/v1\/projects\/([^/]+)\/([^/]+)\/events$/, names: ["orgSlug", "projectSlug"], handler: ingestEvents as Handler },
  { method: "PUT", pattern: /^\/api\/v1\/groups\/([^/]+)$/, names: ["groupId"], handler: updateGroup as Handler },
  { method: "GET", pattern: /^\/api\/health$/, names: [], handler: () => health() },
];

const database = await getDatabase();
const providerUrl = process.env.PROVIDER_URL ?? "http://127.0.0.1:9";
await startJobQueue(database, {
  providers: createIssueSyncProviderRegistry({ jira: fakeIssueSyncProvider(() => providerUrl) }),
  work: process.env.TETHER_WORKERS !== "0",
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 2,
  pollingIntervalSeconds: 0.5,
  // SWEEP_INTERVAL_SECONDS=0: only the sweep on start finds what a crash left (the crash test of the outbox).
  sweepIntervalSeconds: Number(process.env.SWEEP_INTERVAL_SECONDS ?? 2),
});

if (process.env.HOLD_OUTBOX_DISPATCH === "1") setOutboxDispatcher(() => new Promise<void>(() => undefined));

const queueNames = [...jobDefinitions.values()].map(queueNameOf);

async function queueState(): Promise<Record<string, number>> {
  const rows = await database.prisma.$queryRawUnsafe<{ state: string; count: number }[]>(
    `SELECT state::text AS state, count(*)::int AS count FROM pgboss.job WHERE name = ANY($1::text[]) GROUP BY state`,
    queueNames,
  );
  const pending = await database.prisma.syncEvent.findMany({ where: { direction: "outbound", outcome: "pending" }, select: { jobId: true } });
  // A pending change is orphaned when no live job will ever send it.
  const live = await database.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM pgboss.job WHERE name = ANY($1::text[]) AND state::text IN ('created', 'retry', 'active')`,
    queueNames,
  );
  const liveIds = new Set(live.map((job) => job.id));
  const orphaned = pending.filter((row) => !row.jobId || !liveIds.has(row.jobId));
  return {
    ...Object.fromEntries(rows.map((row) => [row.state, row.count])),
    outboxPending: pending.length,
    orphaned: orphaned.length,
    orphanedWithoutJob: orphaned.filter((row) => !row.jobId).length,
  };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("error", () => res.destroy());
  req.on("end", () => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let response: Response;
      if (url.pathname === "/_queue") {
        response = Response.json(await queueState());
      } else {
        const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
        if (!route) {
          response = new Response("not found", { status: 404 });
        } else {
          const match = route.pattern.exec(url.pathname) ?? [];
          const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
          const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
          const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body });
          response = await route.handler(request, { params: Promise.resolve(params) });
        }
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write(`ready ${process.pid}\n`));
