import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { verifyApiToken } from "@/lib/auth/tokens";
import { verifyPassword } from "@/lib/auth/passwords";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { CLI_COMMANDS } from "./commands";
import { runCli } from "./run-cli";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function capture() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

async function cli(database: Database | undefined, ...argv: string[]): Promise<Run> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(argv, { stdout, stderr, database });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe("tether CLI without a database", () => {
  it("lists every command in help and explains one command", async () => {
    const help = await cli(undefined, "help");
    expect(help.code).toBe(0);
    for (const command of CLI_COMMANDS) expect(help.stdout).toContain(`tether ${command.name} `);
    expect(help.stdout).toContain("Exit codes");

    const one = await cli(undefined, "help", "user", "create");
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("Usage: tether user create --email <email> --password <password>");
    expect(one.stdout).toContain("--role");
    expect((await cli(undefined, "token", "create", "--help")).stdout).toContain("--scopes");
    const json = JSON.parse((await cli(undefined, "help", "--json")).stdout) as { commands: { name: string }[] };
    expect(json.commands.map((c) => c.name)).toEqual(CLI_COMMANDS.map((c) => c.name));
  });

  it("answers a malformed command line with exit code 2 and a message on stderr", async () => {
    const unknown = await cli(undefined, "frobnicate");
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toContain("Unknown command 'frobnicate'");

    const group = await cli(undefined, "team");
    expect(group.code).toBe(2);
    expect(group.stderr).toContain("'team' needs a command");
    expect(group.stderr).toContain("tether team add-member");

    const missing = await cli(undefined, "org", "create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: Missing --name");
    expect(missing.stderr).toContain("Usage: tether org create --name <name>");

    const option = await cli(undefined, "org", "create", "--name", "X", "--colour", "red");
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--colour'");

    const positional = await cli(undefined, "org", "create", "X");
    expect(positional.code).toBe(2);

    const choice = await cli(undefined, "user", "create", "--email", "a@b.c", "--password", "long enough", "--org", "x", "--role", "king");
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain("--role must be one of owner, admin, member; got 'king'");

    const json = await cli(undefined, "org", "create", "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: "usage", message: "Missing --name" } });
  });
});

describe.each(await testDatabaseKinds())("tether CLI on %s", (kind) => {
  let database: Database;
  const run = (...argv: string[]) => cli(database, ...argv);
  const runJson = async <T>(...argv: string[]): Promise<T> => {
    const result = await run(...argv, "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("migrate reports an up-to-date schema", async () => {
    expect(await runJson("migrate")).toMatchObject({ applied: [] });
    expect((await run("migrate")).stdout).toContain("schema is up to date");
  });

  it("creates organizations; a taken slug fails with exit code 1", async () => {
    const created = await runJson<{ id: string; slug: string; name: string }>("org", "create", "--name", "Initech Labs");
    expect(created).toMatchObject({ slug: "initech-labs", name: "Initech Labs" });
    expect(await database.prisma.organization.findUnique({ where: { id: created.id } })).not.toBeNull();

    const text = await run("org", "create", "--name", "Other", "--slug", "initech-2");
    expect(text).toMatchObject({ code: 0, stderr: "" });
    expect(text.stdout).toMatch(/^Created organization Other \(slug initech-2, id \w+\)\n$/);

    const taken = await run("org", "create", "--name", "Initech Labs");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("error: The organization slug 'initech-labs' is already taken");
    const takenJson = await run("org", "create", "--name", "Initech Labs", "--json");
    expect(takenJson.code).toBe(1);
    expect(JSON.parse(takenJson.stderr)).toMatchObject({ error: { code: "conflict" } });

    const badSlug = await run("org", "create", "--name", "X", "--slug", "Has Spaces");
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain("slug: Slug may contain only lower-case letters");

    const list = await runJson<{ slug: string }[]>("org", "list");
    expect(list.map((o) => o.slug)).toEqual(expect.arrayContaining(["initech-labs", "initech-2"]));
  });

  it("creates users with memberships, adds emails and deactivates users", async () => {
    const db = database.prisma;
    const user = await runJson<{ id: string; email: string; membership: { organization: string; role: string } }>(
      "user", "create", "--email", "Peter@Initech.Example", "--password", "tps-reports", "--name", "Peter", "--org", "initech-labs", "--role", "admin",
    );
    expect(user).toMatchObject({ email: "peter@initech.example", membership: { organization: "initech-labs", role: "admin" } });
    expect(await verifyPassword("tps-reports", (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(true);
    expect(await runJson("user", "create", "--email", "milton@initech.example", "--password", "red-stapler")).toMatchObject({ membership: null });

    const noOrg = await run("user", "create", "--email", "x@initech.example", "--password", "long enough", "--role", "admin");
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain("--role needs --org");
    const badEmail = await run("user", "create", "--email", "not-an-email", "--password", "long enough");
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toContain("email: Must be an email address");
    const shortPassword = await run("user", "create", "--email", "y@initech.example", "--password", "short");
    expect(shortPassword.code).toBe(1);
    expect(shortPassword.stderr).toContain("password: Password must be at least 8 characters");
    const unknownOrg = await run("user", "create", "--email", "z@initech.example", "--password", "long enough", "--org", "nope");
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toContain("No organization with slug 'nope'");
    expect(await db.user.count({ where: { email: { in: ["x@initech.example", "y@initech.example", "z@initech.example"] } } })).toBe(0);

    expect(await runJson("user", "add-email", "--user", "peter@initech.example", "--email", "Peter.Gibbons@Example.com")).toMatchObject({
      userId: user.id,
      email: "peter.gibbons@example.com",
      verified: true,
    });
    expect(await runJson("user", "add-email", "--user", user.id, "--email", "pg@example.com", "--unverified")).toMatchObject({ verified: false });
    const duplicate = await run("user", "add-email", "--user", "milton@initech.example", "--email", "PETER.GIBBONS@example.com");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already belongs to another user");

    expect(await runJson("user", "deactivate", "--user", "milton@initech.example")).toMatchObject({ isActive: false, changed: true });
    expect((await run("user", "deactivate", "--user", "milton@initech.example")).stdout).toContain("already inactive");
    expect((await run("user", "deactivate", "--user", "nobody@initech.example")).code).toBe(1);

    expect(await runJson("org", "add-member", "--org", "initech-2", "--user", "milton@initech.example", "--role", "member")).toMatchObject({ role: "member", changed: true });
  });

  it("creates teams and projects and links them", async () => {
    const db = database.prisma;
    const team = await runJson<{ id: string; slug: string }>("team", "create", "--org", "initech-labs", "--name", "Platform Team");
    expect(team.slug).toBe("platform-team");
    expect((await run("team", "create", "--org", "initech-labs", "--name", "Platform Team")).code).toBe(1);
    await runJson("team", "create", "--org", "initech-labs", "--name", "Mobile", "--slug", "mobile");

    expect(await runJson("team", "add-member", "--org", "initech-labs", "--team", "platform-team", "--user", "peter@initech.example")).toMatchObject({ changed: true });
    const outsider = await run("team", "add-member", "--org", "initech-labs", "--team", "platform-team", "--user", "milton@initech.example");
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain("milton@initech.example is not a member of this organization");

    const project = await runJson<{ id: string; slug: string; teams: string[] }>("project", "create", "--org", "initech-labs", "--name", "TPS Reports", "--team", "platform-team");
    expect(project).toMatchObject({ slug: "tps-reports", teams: ["platform-team"] });
    expect((await runJson<{ slug: string }>("project", "create", "--org", "initech-labs", "--name", "TPS reports!")).slug).toBe("tps-reports-2");
    const taken = await run("project", "create", "--org", "initech-labs", "--name", "Again", "--slug", "tps-reports");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("already has a project 'tps-reports'");

    expect(await runJson("project", "add-team", "--org", "initech-labs", "--project", "tps-reports", "--team", "mobile")).toMatchObject({ changed: true });
    expect((await run("project", "add-team", "--org", "initech-labs", "--project", "tps-reports", "--team", "mobile")).stdout).toContain("nothing changed");
    expect((await run("project", "add-team", "--org", "initech-labs", "--project", "nope", "--team", "mobile")).stderr).toContain("No project 'nope'");
    expect(await db.projectTeam.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("creates, lists and revokes API tokens; the token is printed once and works until revoked", async () => {
    const db = database.prisma;
    const created = await runJson<{ id: string; token: string; scopes: string[] }>(
      "token", "create", "--org", "initech-labs", "--scopes", "issues:read, events:write", "--name", "CI", "--user", "peter@initech.example",
    );
    expect(created.scopes).toEqual(["issues:read", "events:write"]);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "initech-labs" } });
    expect(await verifyApiToken(db, created.token)).toMatchObject({ id: created.id, organizationId: organization.id });

    const text = await run("token", "create", "--org", "initech-labs", "--scopes", "org:admin");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\n {2}tth_[\w-]+\n/);
    expect(text.stdout).toContain("cannot be shown again");

    const list = await runJson<{ id: string; name: string; createdBy: string | null; revokedAt: string | null }[]>("token", "list", "--org", "initech-labs");
    expect(list).toHaveLength(2);
    expect(list.find((t) => t.id === created.id)).toMatchObject({ name: "CI", createdBy: "peter@initech.example", revokedAt: null });
    expect((await run("token", "list", "--org", "initech-labs")).stdout).not.toContain(created.token);

    expect(await runJson("token", "revoke", "--org", "initech-labs", "--id", created.id)).toEqual({ id: created.id, revoked: true });
    expect(await verifyApiToken(db, created.token)).toBeNull();
    expect((await runJson<{ id: string; revokedAt: string | null }[]>("token", "list", "--org", "initech-labs")).find((t) => t.id === created.id)?.revokedAt).not.toBeNull();

    const unknown = await run("token", "revoke", "--org", "initech-labs", "--id", "missing");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("API token not found");
    const badScope = await run("token", "create", "--org", "initech-labs", "--scopes", "issues:reed");
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain("Unknown scope 'issues:reed'");
    const outsider = await run("token", "create", "--org", "initech-labs", "--scopes", "issues:read", "--user", "milton@initech.example");
    expect(outsider.code).toBe(1);
    expect(await db.apiToken.count({ where: { organizationId: organization.id } })).toBe(2);
  });

  it("loads the demo data once", async () => {
    const demo = await runJson<{ organizationSlug: string; groups: number; login: { email: string } }>("demo");
    expect(demo).toMatchObject({ organizationSlug: "acme", groups: 300, login: { email: "demo@tether.local" } });
    const again = await run("demo");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("tether demo --reset");
  });
});
