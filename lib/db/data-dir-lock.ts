import { createHash } from "node:crypto";
import { readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Another process has the embedded database open; opening it here too would corrupt it. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | null,
  ) {
    super(
      `the database in ${dataDir} is in use by another Tether process (pid ${pid ?? "unknown"}); ` +
        "stop that process first, or point DATABASE_URL at another directory or at PostgreSQL",
    );
    this.name = "DatabaseInUseError";
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/*
 * Why a listening socket and not a lock file: Node has no flock(), and a pid file is a
 * check-then-write race that outlives a killed process. Binding a socket address is atomic and
 * exclusive, and the kernel frees the address the moment the process dies, kill -9 included —
 * exactly flock's guarantees, with no native package.
 * - Linux: an abstract unix socket (leading NUL): no file, nothing stale, ever.
 * - Windows: a named pipe, which has the same properties.
 * - elsewhere (macOS): a unix socket file in the temp directory; one that nobody answers on is
 *   left over from a dead process and is replaced (a narrow race only if two processes find the
 *   same stale file at the same instant).
 * The key is the directory's real path, so symlinked spellings of one directory share one lock.
 * Limitation: processes in different network namespaces (containers sharing a volume) do not see
 * each other's abstract sockets; give each container its own data directory or use PostgreSQL.
 */
function lockAddress(dataDir: string): { address: string; file: boolean } {
  const key = createHash("sha256").update(realpathSync(dataDir)).digest("hex");
  if (process.platform === "linux") return { address: `\0tether-pglite-${key}`, file: false };
  if (process.platform === "win32") return { address: `\\\\.\\pipe\\tether-pglite-${key}`, file: false };
  // sun_path is at most 104 bytes on macOS: a shortened key keeps the path under it.
  return { address: path.join(tmpdir(), `tether-pglite-${key.slice(0, 24)}.sock`), file: true };
}

/** Only for the refusal message: the decision is the socket's, never this file's. */
function pidFile(dataDir: string): string {
  return `${dataDir}.pid`;
}

function readPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile(dataDir), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function listen(address: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.end());
    server.once("error", reject);
    server.listen(address, () => {
      server.off("error", reject);
      // The lock must not keep a finished CLI or script alive; the kernel still holds it.
      server.unref();
      resolve(server);
    });
  });
}

/** Whether a process answers on a socket file (false: the file was left by a dead process). */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Takes the exclusive lock of an embedded database directory (which must exist) for this
 * process, or throws DatabaseInUseError. Held until release() or the death of the process.
 */
export async function lockDataDirectory(dataDir: string): Promise<DataDirLock> {
  const { address, file } = lockAddress(dataDir);
  let server: net.Server;
  try {
    server = await listen(address);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    if (!file || (await answers(address))) throw new DatabaseInUseError(dataDir, readPid(dataDir));
    rmSync(address, { force: true });
    try {
      server = await listen(address);
    } catch (retry) {
      if ((retry as NodeJS.ErrnoException).code === "EADDRINUSE") throw new DatabaseInUseError(dataDir, readPid(dataDir));
      throw retry;
    }
  }
  writeFileSync(pidFile(dataDir), `${process.pid}\n`, { mode: 0o600 });
  const removePidFile = () => {
    if (readPid(dataDir) === process.pid) rmSync(pidFile(dataDir), { force: true });
  };
  // A server stopped by a signal exits without closing the database; tidy up the message file anyway.
  process.once("exit", removePidFile);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      process.off("exit", removePidFile);
      removePidFile();
      // libuv unlinks a socket file itself on close; removing it here could remove a successor's.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
