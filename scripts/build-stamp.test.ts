import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildNeeded, sourceFingerprint, writeBuildStamp } from "./build-stamp";

describe("build stamp", () => {
  let root: string;
  const write = (file: string, content: string, mtime = new Date("2026-01-01T00:00:00Z")) => {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    utimesSync(full, mtime, mtime);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "tether-stamp-"));
    write("package.json", "{}");
    write("app/page.tsx", "export default 1");
    write("lib/x.ts", "export const x = 1");
    write("lib/x.test.ts", "test");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("asks for a build until one is stamped, then only when a build input changes", () => {
    expect(buildNeeded(root)).toBe("no build yet");
    write(".next/BUILD_ID", "abc");
    expect(buildNeeded(root)).toMatch(/not made by/);
    writeBuildStamp(root);
    expect(buildNeeded(root)).toBeNull();

    write("lib/x.test.ts", "changed test", new Date());
    write("e2e/some.spec.ts", "new spec");
    expect(buildNeeded(root)).toBeNull();

    write("lib/x.ts", "export const x = 2", new Date());
    expect(buildNeeded(root)).toMatch(/sources changed/);
    writeBuildStamp(root);
    write("components/new.tsx", "export {}");
    expect(buildNeeded(root)).toMatch(/sources changed/);
  });

  it("depends on sizes and times only, so it stays cheap", () => {
    const first = sourceFingerprint(root);
    write("app/page.tsx", "export default 2");
    expect(sourceFingerprint(root)).toBe(first);
  });
});
