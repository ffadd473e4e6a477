import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteExtensions } from "./pglite-extensions";

/** The embedded database directory exists but PGlite cannot start on it. */
export class DatabaseDamagedError extends Error {
  constructor(
    readonly dataDir: string,
    cause: unknown,
  ) {
    super(
      `the embedded database in ${dataDir} could not be opened: the directory is damaged or is not a Tether database ` +
        `(PGlite said: ${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}). ` +
        `Restore ${dataDir} from a backup, or move it aside to start with an empty database.`,
      { cause },
    );
    this.name = "DatabaseDamagedError";
  }
}

/**
 * Creates the directory private to this user (0700), and makes an existing one private too: the
 * database files hold password hashes and integration secrets, and PGlite writes them 0666.
 */
export function openDataDirectory(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  restrictModes(dataDir);
  return dataDir;
}

/** Strips group and other access from the directory and write access from everything in it. */
function restrictModes(dataDir: string): void {
  const visit = (file: string, top: boolean) => {
    let stat: Stats;
    try {
      stat = lstatSync(file);
    } catch {
      return;
    }
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    const wanted = top ? mode & 0o700 : mode & ~0o022;
    // Best effort: a directory owned by another user (a mounted volume) is the operator's choice.
    if (wanted !== mode) {
      try {
        chmodSync(file, wanted);
      } catch {
        return;
      }
    }
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry), false);
  };
  visit(dataDir, true);
}

/** Opens PGlite on the directory; a failure to start names the directory and what to do. */
export async function openPGliteDirectory(dataDir: string): Promise<PGlite> {
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite(dataDir, { extensions: pgliteExtensions });
    await pglite.waitReady;
  } catch (error) {
    if (pglite && !pglite.closed) await pglite.close().catch(() => undefined);
    throw new DatabaseDamagedError(dataDir, error);
  }
  // A new directory was just initialized with world-writable files.
  restrictModes(dataDir);
  return pglite;
}
