// Decides whether `next build` must run again: a fingerprint of every file that goes into the
// build (paths, sizes, mtimes — no content reads, so the check stays in the milliseconds) is kept
// beside the build output and compared on the next start.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const BUILD_DIRS = ["app", "components", "lib", "public", "prisma"];
const BUILD_FILES = [
  "package.json",
  "package-lock.json",
  "next.config.js",
  "next.config.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "middleware.ts",
  "proxy.ts",
];
// Tests and migrations never reach the bundle; editing them must not force a rebuild.
const IGNORED = /(\.test\.tsx?$|\/migrations\/)/;

export const BUILD_ID_FILE = path.join(".next", "BUILD_ID");
export const STAMP_FILE = path.join(".next", "tether-source-stamp");

function collect(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.isFile() && !IGNORED.test(full)) out.push(full);
  }
}

/** A hash of the name, size and modification time of every build input under `root`. */
export function sourceFingerprint(root: string = process.cwd()): string {
  const files: string[] = [];
  for (const dir of BUILD_DIRS) if (existsSync(path.join(root, dir))) collect(path.join(root, dir), files);
  for (const file of BUILD_FILES) if (existsSync(path.join(root, file))) files.push(path.join(root, file));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const stat = statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${Math.trunc(stat.mtimeMs)}\n`);
  }
  return hash.digest("hex");
}

/** Why a build is needed, or null when .next is a build of the current sources. */
export function buildNeeded(root: string = process.cwd()): string | null {
  if (!existsSync(path.join(root, BUILD_ID_FILE))) return "no build yet";
  const stampPath = path.join(root, STAMP_FILE);
  if (!existsSync(stampPath)) return "the build was not made by npm start or npm test";
  if (readFileSync(stampPath, "utf8").trim() !== sourceFingerprint(root)) return "sources changed since the last build";
  return null;
}

/**
 * Called right after a successful `next build`. The fingerprint is taken afterwards because the
 * build itself may touch its inputs (Next.js rewrites tsconfig.json when it finds it lacking).
 */
export function writeBuildStamp(root: string = process.cwd()): void {
  writeFileSync(path.join(root, STAMP_FILE), `${sourceFingerprint(root)}\n`);
}
