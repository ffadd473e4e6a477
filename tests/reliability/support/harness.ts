import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { createApiToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";

export const hex32 = () => randomBytes(16).toString("hex");

export interface World {
  orgSlug: string;
  projectSlug: string;
  token: string;
  groups: { id: string; issueKey: string }[];
}

/** An organization with a project, a token for ingestion and group changes, and groups linked to a tracker issue that syncs status. */
export async function createWorld(db: Db, linkedGroups: number): Promise<World> {
  const { organization, project } = await createOrganizationWithProject(db, { members: 1 });
  const token = (await createApiToken(db, { organizationId: organization.id, name: "reliability", scopes: ["events:write", "issues:write", "issues:read"] })).token;
  const groups: World["groups"] = [];
  let integrationId: string | undefined;
  for (let i = 0; i < linkedGroups; i++) {
    const group = await createGroup(db, project.id);
    const linked = await linkExternalIssue(db, { organizationId: organization.id, groupId: group.id, config: { sync_status_forward: true }, integrationId });
    integrationId = linked.integration.id;
    groups.push({ id: group.id, issueKey: linked.externalIssue.key });
  }
  return { orgSlug: organization.slug, projectSlug: project.slug, token, groups };
}

export interface TetherProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts tests/reliability/support/tether-process.ts and waits until it listens. */
export function startTether(env: { DATABASE_URL: string; PORT: number; PROVIDER_URL?: string; TETHER_WORKERS?: string; SWEEP_INTERVAL_SECONDS?: string; HOLD_OUTBOX_DISPATCH?: string }): Promise<TetherProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/reliability/support/tether-process.ts"], {
    env: { ...process.env, ...env, PORT: String(env.PORT), LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tether process did not start in 60 s:\n${out}`)), 60_000);
    child.stdout?.on("data", () => {
      if (/ready \d+/.test(out)) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${env.PORT}`, output: () => out });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tether process exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** A tracker that records every call it receives (the fake provider's protocol). */
export class RecordingTracker {
  readonly calls: { path: string; body: { status?: string; attempt?: number } }[] = [];
  private server: http.Server | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        this.calls.push({ path: req.url ?? "/", body: text ? (JSON.parse(text) as { status?: string }) : {} });
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
