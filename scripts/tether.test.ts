import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const TSX = path.resolve("node_modules", ".bin", "tsx");
const dataDir = mkdtempSync(path.join(tmpdir(), "tether-cli-"));

/** The real entry point in its own process, on an embedded database in a temporary directory. */
function tether(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ["scripts/tether.ts", ...args],
      { env: { ...process.env, DATABASE_URL: `pglite:${path.join(dataDir, "db")}`, TETHER_DATA_DIR: dataDir }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe("scripts/tether.ts", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates an organization in a fresh database, prints JSON, exits 0 and releases the database", async () => {
    const result = await tether("org", "create", "--name", "Umbrella Corp", "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ slug: "umbrella-corp", name: "Umbrella Corp", id: expect.any(String) });
    expect(existsSync(path.join(dataDir, "db.lock"))).toBe(false);

    // The data persisted: the same slug is now taken, which is a failure (1), not a usage error.
    const again = await tether("org", "create", "--name", "Umbrella Corp");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("The organization slug 'umbrella-corp' is already taken");
  });

  it("answers help with exit 0 and a malformed command line with exit 2", async () => {
    const [help, usage] = await Promise.all([tether("help"), tether("org", "create", "--slug")]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("tether token create --org <slug> --scopes");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: tether org create");
  });
});
