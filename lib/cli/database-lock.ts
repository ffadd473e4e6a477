import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseConfig } from "@/lib/db/config";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An embedded PGlite directory must never be open in two processes at once; `npm start` holds
 * `<dir>.lock` while it runs, and so does the CLI. Returns the release function.
 */
export function lockEmbeddedDatabase(config: DatabaseConfig): () => void {
  if (config.kind !== "pglite" || !config.dataDir) return () => undefined;
  const lockFile = `${config.dataDir}.lock`;
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) {
      throw new Error(
        `Tether (pid ${pid}) is using the embedded database in ${config.dataDir}; stop it first, or run the command against PostgreSQL`,
      );
    }
  }
  mkdirSync(path.dirname(lockFile), { recursive: true });
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}
