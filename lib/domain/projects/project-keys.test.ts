import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { runCli } from "@/lib/cli/run-cli";
import { createOrganization } from "@/lib/domain/organizations/create-organization";
import { createProject } from "@/lib/domain/organizations/create-project";
import { apiErrorOf } from "@/lib/testing/api-error";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createProjectKey } from "./create-project-key";
import { findActiveKeyForIngestion } from "./find-active-key-for-ingestion";
import { listProjectKeys } from "./list-project-keys";
import { generatePublicKey } from "./project-key";
import { projectDsn } from "./project-dsn";
import { rotateProjectKey } from "./rotate-project-key";
import { disableProjectKey, enableProjectKey } from "./set-project-key-active";
import { updateProjectKey } from "./update-project-key";

const unique = () => randomBytes(3).toString("hex");
const BASE = "https://tether.example.com";

describe("client key and DSN formats", () => {
  it("generates 32 lowercase hex digits, different each time", () => {
    const keys = new Set(Array.from({ length: 50 }, generatePublicKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });

  it("builds http(s)://<public key>@<host>[/<path>]/<ingest id>", () => {
    const key = { publicKey: "0123456789abcdef0123456789abcdef", ingestId: 42 };
    expect(projectDsn(key, BASE)).toBe("https://0123456789abcdef0123456789abcdef@tether.example.com/42");
    expect(projectDsn(key, "http://localhost:3000/")).toBe("http://0123456789abcdef0123456789abcdef@localhost:3000/42");
    expect(projectDsn(key, "https://example.com/tether/")).toBe("https://0123456789abcdef0123456789abcdef@example.com/tether/42");
  });
});

describe.each(await testDatabaseKinds())("project client keys on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function newProject() {
    const db = database.prisma;
    const organization = await createOrganization(db, { name: `Keys ${unique()}` });
    const { project, key } = await createProject(db, { organizationId: organization.id, name: "API" });
    return { db, organization, project, key };
  }

  it("gives a new project a numeric ingest id and one active key", async () => {
    const { db, organization, project, key } = await newProject();
    const other = await createProject(db, { organizationId: organization.id, name: "Web" });
    expect(Number.isInteger(project.ingestId)).toBe(true);
    expect(other.project.ingestId).not.toBe(project.ingestId);
    expect(key.isActive).toBe(true);
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    const { keys } = await listProjectKeys(db, { organizationId: organization.id, project: project.slug }, BASE);
    expect(keys).toHaveLength(1);
    expect(keys[0].dsn).toBe(`https://${key.publicKey}@tether.example.com/${project.ingestId}`);
  });

  it("finds an active key for its own project only, and refuses disabled ones", async () => {
    const { db, organization, project, key } = await newProject();
    const other = await newProject();
    const found = await findActiveKeyForIngestion(db, project.ingestId, key.publicKey);
    expect(found).toEqual({ keyId: key.id, projectId: project.id, projectSlug: project.slug, organizationId: organization.id, rateLimitPerMinute: null });
    const usedAt = (await db.projectKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(usedAt).not.toBeNull();
    // Within the minute a second lookup does not write again.
    await findActiveKeyForIngestion(db, project.ingestId, key.publicKey);
    expect((await db.projectKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(usedAt);

    expect(await findActiveKeyForIngestion(db, other.project.ingestId, key.publicKey)).toBeNull();
    expect(await findActiveKeyForIngestion(db, project.ingestId, generatePublicKey())).toBeNull();
    expect(await findActiveKeyForIngestion(db, project.ingestId, "not-a-key")).toBeNull();
    expect(await findActiveKeyForIngestion(db, Number.NaN, key.publicKey)).toBeNull();

    const ref = { organizationId: organization.id, project: project.slug, keyId: key.id };
    expect((await disableProjectKey(db, ref)).changed).toBe(true);
    expect(await findActiveKeyForIngestion(db, project.ingestId, key.publicKey)).toBeNull();
    expect((await disableProjectKey(db, ref)).changed).toBe(false);
    expect((await enableProjectKey(db, ref)).changed).toBe(true);
    expect(await findActiveKeyForIngestion(db, project.ingestId, key.publicKey)).not.toBeNull();
    // Another organization cannot reach the key.
    expect((await apiErrorOf(disableProjectKey(db, { ...ref, organizationId: other.organization.id }))).status).toBe(404);
  });

  it("adds labelled keys with a rate limit and rejects bad input with a 400", async () => {
    const { db, organization, project } = await newProject();
    const { key } = await createProjectKey(db, { organizationId: organization.id, project: project.id, label: "Browser", rateLimitPerMinute: 600 });
    expect(key).toMatchObject({ label: "Browser", rateLimitPerMinute: 600, isActive: true });
    expect((await apiErrorOf(createProjectKey(db, { organizationId: organization.id, project: project.id, label: " " }))).status).toBe(400);
    expect((await apiErrorOf(createProjectKey(db, { organizationId: organization.id, project: project.id, rateLimitPerMinute: 0 }))).status).toBe(400);
    expect((await apiErrorOf(createProjectKey(db, { organizationId: organization.id, project: "missing" }))).status).toBe(404);
    expect(await db.projectKey.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("updates a key's label, rate limit and state together, or nothing when one field is refused", async () => {
    const { db, organization, project, key } = await newProject();
    const ref = { organizationId: organization.id, project: project.slug, keyId: key.id };
    const updated = await updateProjectKey(db, { ...ref, changes: { label: " Web app ", rateLimitPerMinute: 300, isActive: false } });
    expect(updated.changed).toBe(true);
    expect(updated.key).toMatchObject({ label: "Web app", rateLimitPerMinute: 300, isActive: false });
    expect((await updateProjectKey(db, { ...ref, changes: { label: "Web app" } })).changed).toBe(false);
    expect((await apiErrorOf(updateProjectKey(db, { ...ref, changes: { label: "x".repeat(65), isActive: true } }))).status).toBe(400);
    expect((await apiErrorOf(updateProjectKey(db, { ...ref, changes: {} }))).status).toBe(400);
    expect(await db.projectKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ label: "Web app", rateLimitPerMinute: 300, isActive: false });
    const other = await newProject();
    expect((await apiErrorOf(updateProjectKey(db, { ...ref, organizationId: other.organization.id, changes: { isActive: true } }))).status).toBe(404);
    expect((await apiErrorOf(updateProjectKey(db, { ...ref, keyId: other.key.id, changes: { isActive: true } }))).status).toBe(404);
  });

  it("rotates a key: a new active key, the old one disabled", async () => {
    const { db, organization, project, key } = await newProject();
    const rotated = await rotateProjectKey(db, { organizationId: organization.id, project: project.slug, keyId: key.id });
    expect(rotated.key.publicKey).not.toBe(key.publicKey);
    expect(rotated.disabledKeyIds).toEqual([key.id]);
    expect(await findActiveKeyForIngestion(db, project.ingestId, key.publicKey)).toBeNull();
    expect(await findActiveKeyForIngestion(db, project.ingestId, rotated.key.publicKey)).not.toBeNull();

    const extra = await createProjectKey(db, { organizationId: organization.id, project: project.slug, label: "Second" });
    const all = await rotateProjectKey(db, { organizationId: organization.id, project: project.slug });
    expect(all.disabledKeyIds.sort()).toEqual([rotated.key.id, extra.key.id].sort());
    const active = await db.projectKey.findMany({ where: { projectId: project.id, isActive: true } });
    expect(active.map((k) => k.id)).toEqual([all.key.id]);
  });

  it("the migration's backfill gives each project that has no key one active key", async () => {
    const { db, project } = await newProject();
    await db.projectKey.deleteMany({ where: { projectId: project.id } });
    const dir = path.join("prisma", "migrations", readdirSync(path.join("prisma", "migrations")).find((name) => name.endsWith("_project_client_keys"))!);
    const sql = readFileSync(path.join(dir, "migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf('INSERT INTO "ProjectKey"'));
    // Only keyless projects, so the statement can be re-run here without duplicating the others' keys.
    await db.$executeRawUnsafe(backfill.replace(/;\s*$/, "") + ` WHERE "id" = '${project.id}'`);
    const keys = await db.projectKey.findMany({ where: { projectId: project.id } });
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ isActive: true, label: "Default" });
    expect(keys[0].publicKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it("prints the DSN with `tether project dsn`, rotates with --rotate, and refuses unknown org/project", async () => {
    const { db, organization, project, key } = await newProject();
    const out = { text: "", write(chunk: string) { this.text += chunk; } };
    const err = { text: "", write(chunk: string) { this.text += chunk; } };
    const run = async (...argv: string[]) => {
      out.text = "";
      err.text = "";
      const code = await runCli(argv, { stdout: out, stderr: err, database });
      return { code, stdout: out.text, stderr: err.text };
    };
    const printed = await run("project", "dsn", "--org", organization.slug, "--project", project.slug);
    expect(printed.stderr).toBe("");
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim()).toMatch(new RegExp(`^https?://${key.publicKey}@[^/]+/${project.ingestId}$`));

    const rotated = await run("project", "dsn", "--org", organization.slug, "--project", project.slug, "--rotate", "--json");
    expect(rotated.code).toBe(0);
    const json = JSON.parse(rotated.stdout) as { dsn: string; publicKey: string; rotated: boolean };
    expect(json.rotated).toBe(true);
    expect(json.publicKey).not.toBe(key.publicKey);
    expect(json.dsn).toContain(`${json.publicKey}@`);
    expect((await db.projectKey.findUniqueOrThrow({ where: { id: key.id } })).isActive).toBe(false);

    const unknownOrg = await run("project", "dsn", "--org", `nope-${unique()}`, "--project", project.slug);
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toContain("No organization");
    const unknownProject = await run("project", "dsn", "--org", organization.slug, "--project", "nope");
    expect(unknownProject.code).toBe(1);
    expect(unknownProject.stderr).toContain("No project 'nope'");
    const missing = await run("project", "dsn", "--org", organization.slug);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--project");
  });
});
