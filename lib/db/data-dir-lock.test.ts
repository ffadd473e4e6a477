import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { DatabaseInUseError } from "./data-dir-lock";
import { DatabaseDamagedError } from "./data-dir";

// Real processes on a real directory: the lock is only worth anything across processes, and
// `kill -9` is the case a pid file got wrong.
const root = mkdtempSync(path.join(tmpdir(), "tether-dblock-"));
const template = path.join(root, "template");
let copies = 0;

function copyOfTemplate(): string {
  const dir = path.join(root, `db-${++copies}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

function env(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: `pglite:${dir}`, TETHER_DATA_DIR: root, PORT: "3449", LOG_LEVEL: "silent" };
}

/** Opens the directory in a child process (the way the server does) and waits until it is open. */
function holdDatabase(dir: string): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/hold-database.ts"], { env: env(dir), stdio: ["pipe", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /open (\d+)/.exec(out);
      if (match) resolve({ child, pid: Number(match[1]) });
    });
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

function run(args: string[], dir: string): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", ...args], { env: env(dir), timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

function writableByOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (file: string) => {
    const stat = statSync(file);
    if (stat.mode & 0o022) found.push(file);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
  };
  visit(dir);
  return found;
}

describe("defect 1: the embedded database directory is locked by the process that opens it", () => {
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const database = await openDatabase({ kind: "pglite", dataDir: template });
    await database.close();
  });
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  it("defect 1: creates the data directory 0700 and makes an existing one's files not writable by others", async () => {
    expect(statSync(template).mode & 0o777).toBe(0o700);
    expect(writableByOthers(template)).toEqual([]);

    const dir = copyOfTemplate();
    chmodSync(dir, 0o777);
    chmodSync(path.join(dir, "PG_VERSION"), 0o666);
    chmodSync(path.join(dir, "base"), 0o777);
    const database = await openDatabase({ kind: "pglite", dataDir: dir });
    await database.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(writableByOthers(dir)).toEqual([]);
  });

  it("defect 1: a second process, the CLI and npm start refuse while it is open; kill -9 of the holder releases it", async () => {
    const dir = copyOfTemplate();
    const holder = await holdDatabase(dir);
    children.push(holder.child);
    const message = `the database in ${dir} is in use by another Tether process (pid ${holder.pid})`;

    const [second, cli, start] = await Promise.all([
      holdDatabase(dir).then(
        ({ child }) => {
          children.push(child);
          return "opened";
        },
        (error: Error) => error.message,
      ),
      run(["scripts/tether.ts", "org", "create", "--name", "Second Writer"], dir),
      run(["scripts/start.ts"], dir),
    ]);
    expect(second).toContain(message);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(message);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain(message);
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DatabaseInUseError);

    // The holder dies without any chance to clean up: the kernel releases the lock, the stale
    // pid file is ignored, and the data it wrote is intact.
    holder.child.kill("SIGKILL");
    await exited(holder.child);
    const database = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      await expect(database.prisma.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
    expect(existsSync(`${dir}.pid`)).toBe(false);
  });

  it("defect 1: a damaged directory is refused with a message naming it and what to do, and stays unlocked", async () => {
    const dir = copyOfTemplate();
    const wal = path.join(dir, "pg_wal");
    for (const segment of readdirSync(wal).filter((name) => /^[0-9A-F]{24}$/.test(name))) {
      writeFileSync(path.join(wal, segment), Buffer.alloc(64 * 1024, 0x5a));
    }
    writeFileSync(path.join(dir, "global", "pg_control"), Buffer.alloc(8192, 0x5a));

    const failure = await openDatabase({ kind: "pglite", dataDir: dir }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseDamagedError);
    const text = (failure as Error).message;
    expect(text).toMatch(new RegExp(`^the embedded database in ${dir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} could not be opened`));
    expect(text).toContain("Restore");
    expect(text).toContain("move it aside");
    // Refused as damaged again, not as "in use": the failed open released the lock.
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DatabaseDamagedError);

    const cli = await run(["scripts/tether.ts", "org", "create", "--name", "Damaged"], dir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`error: the embedded database in ${dir} could not be opened`);
  });
});
