import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DiscordInteractionSigner, FakeDiscord, interactionBody } from "@/e2e/fakes/fake-discord";
import { createTestDatabase } from "@/lib/testing/db";
import { BENCH_CHANNEL_ID, BENCH_DISCORD_USER_ID, BENCH_GUILD_ID, seedBenchDiscordGuild } from "./discord-bench-guild";
import { buildIfNeeded, runLoadScenarios, startTetherServer, stopServer, TSX_BIN, waitForServer, type LoadRow } from "./production-server";

// Issue 11's performance targets, measured the way they are stated: the production server (`next
// start` of this build) on a throwaway PostgreSQL database under autocannon, at 10 and 50
// connections. Four scenarios in one run:
//   bare     node:http doing only the Ed25519 check of a signed PING (bench/bare-ed25519-server.ts)
//   no-op    POST /api/bench/noop of the same build, same request
//   ping     a signed PING to /api/discord/interactions (target: >= 80 % of no-op)
//   resolve  a signed button click resolving (or unresolving) a group as the linked user, with its
//            whole trail: activity, history, sync history, claim (target: >= 50 % of no-op, p99 < 100 ms)
// Ports 3960-3962 unless TETHER_BENCH_PORT moves them; TETHER_BENCH_DURATION, TETHER_BENCH_ONLY,
// TETHER_BENCH_CONNECTIONS as for the webhook bench.

export type DiscordScenario = "bare" | "no-op" | "ping" | "resolve";
const INTERACTIONS_PATH = "/api/discord/interactions";
const GROUPS = 200;

export async function runDiscordInteractionsBench(): Promise<{ rows: LoadRow<DiscordScenario>[]; clicks: number; applied: number; resultsFile: string; profiles: string[] }> {
  const duration = Number(process.env.TETHER_BENCH_DURATION ?? 10);
  const connectionCounts = process.env.TETHER_BENCH_CONNECTIONS?.split(",").filter(Boolean).map(Number) ?? [10, 50];
  const only = (process.env.TETHER_BENCH_ONLY?.split(",").filter(Boolean) as DiscordScenario[] | undefined) ?? ["bare", "no-op", "ping", "resolve"];
  const basePort = Number(process.env.TETHER_BENCH_PORT ?? 3960);
  const [tetherPort, barePort, discordPort] = [basePort, basePort + 1, basePort + 2];

  buildIfNeeded();
  process.env.TETHER_SECRET_KEY ??= `bench-${randomUUID()}`;
  const discord = await new FakeDiscord().start(discordPort);
  const signer = new DiscordInteractionSigner();
  const database = await createTestDatabase("postgres");
  const dataDir = mkdtempSync(path.join(tmpdir(), "tether-bench-"));
  mkdirSync("bench-results", { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const serverLog = path.join("bench-results", `discord-${stamp}.server.log`);
  const profileDir = process.env.TETHER_BENCH_CPU_PROF === "1" ? path.resolve("bench-results", `discord-${stamp}.cpu`) : null;
  if (profileDir) mkdirSync(profileDir);
  let tether: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    const { groupIds } = await seedBenchDiscordGuild(database.prisma, discord, GROUPS);
    const databaseUrl = database.config.kind === "postgres" ? database.config.url : "";
    tether = startTetherServer({
      port: tetherPort,
      databaseUrl,
      dataDir,
      logFile: serverLog,
      profileDir,
      env: { DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_BOT_TOKEN: discord.botToken, DISCORD_API_BASE_URL: discord.apiBaseUrl },
    });
    bare = spawn(TSX_BIN, ["bench/bare-ed25519-server.ts"], { stdio: ["ignore", "ignore", openSync(serverLog, "a")], env: { ...process.env, PORT: String(barePort), BENCH_PUBLIC_KEY: signer.publicKeyHex } });
    await Promise.all([waitForServer(`http://127.0.0.1:${tetherPort}/api/bench/noop`, tether, 60_000), waitForServer(`http://127.0.0.1:${barePort}/`, bare, 30_000)]);

    // A PING carries no state: one signed request (fresh for the 5-minute window) is sent over and over.
    const pingBody = interactionBody({ type: 1 });
    const ping = { method: "POST" as const, headers: signer.headers(pingBody), body: pingBody };
    // Each click is a new interaction (its own id, signed as it is sent) on the next group,
    // resolving it on one pass over the groups and unresolving it on the next: every one is a change.
    let clicks = 0;
    const nextClick = () => {
      const n = clicks++;
      const action = Math.floor(n / GROUPS) % 2 === 0 ? "resolve" : "unresolve";
      const body = interactionBody({
        type: 3,
        guild_id: BENCH_GUILD_ID,
        channel_id: BENCH_CHANNEL_ID,
        member: { user: { id: BENCH_DISCORD_USER_ID } },
        data: { custom_id: `${action}:${groupIds[n % GROUPS]}`, component_type: 2 },
      });
      return { headers: signer.headers(body), body };
    };
    const databaseName = databaseUrl ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) : "";
    const interactions = `http://127.0.0.1:${tetherPort}${INTERACTIONS_PATH}`;
    const { rows, raw, profiles } = await runLoadScenarios<DiscordScenario>({
      scenarios: {
        bare: { url: `http://127.0.0.1:${barePort}${INTERACTIONS_PATH}`, request: ping, server: bare, warmUpRequests: 2000, usesDatabase: false },
        "no-op": { url: `http://127.0.0.1:${tetherPort}/api/bench/noop`, request: ping, server: tether, warmUpRequests: 4000, usesDatabase: false },
        ping: { url: interactions, request: ping, server: tether, warmUpRequests: 4000, usesDatabase: false },
        resolve: { url: interactions, request: nextClick, server: tether, warmUpRequests: 400, usesDatabase: true },
      },
      order: only,
      connectionCounts,
      durationSeconds: duration,
      databaseName,
      profile: profileDir ? { dir: profileDir, skip: ["bare"], keepAs: (scenario, connections) => path.join("bench-results", `discord-${stamp}.${scenario}-${connections}.cpuprofile`) } : undefined,
    });
    // Every click must have been a change Tether applied (a refusal also answers 200).
    const applied = await database.prisma.activity.count({ where: { type: { in: ["set_resolved", "set_unresolved"] } } });
    const resultsFile = path.join("bench-results", `discord-${stamp}.json`);
    writeFileSync(resultsFile, `${JSON.stringify({ at: new Date().toISOString(), duration, clicks, applied, rows, raw }, null, 2)}\n`);
    return { rows, clicks, applied, resultsFile, profiles };
  } finally {
    await Promise.all([stopServer(tether), stopServer(bare)]);
    await database.close();
    await discord.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}
