import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { apiErrorOf } from "@/lib/testing/api-error";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { addProjectTeam } from "./add-project-team";
import { addTeamMember } from "./add-team-member";
import { createOrganization } from "./create-organization";
import { createProject } from "./create-project";
import { createTeam } from "./create-team";
import { createUser } from "./create-user";

const unique = () => randomBytes(3).toString("hex");

describe.each(await testDatabaseKinds())("organizations, teams and projects on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("creates an organization with a slug from its name or a given one; a taken slug is a 409", async () => {
    const db = database.prisma;
    const name = `Globex ${unique()} Corp`;
    const organization = await createOrganization(db, { name });
    expect(organization.slug).toBe(name.toLowerCase().replaceAll(" ", "-"));
    const taken = await apiErrorOf(createOrganization(db, { name }));
    expect(taken.status).toBe(409);
    expect(taken.message).toContain(organization.slug);
    const explicit = await createOrganization(db, { name, slug: `globex-${unique()}` });
    expect(explicit.name).toBe(name);
    expect((await apiErrorOf(createOrganization(db, { name: "X", slug: "Not A Slug" }))).status).toBe(400);
    expect((await apiErrorOf(createOrganization(db, { name: "!!!" }))).status).toBe(400);
    expect((await apiErrorOf(createOrganization(db, { name: "  " }))).status).toBe(400);
  });

  it("creates teams with slugs unique per organization", async () => {
    const db = database.prisma;
    const first = await createOrganization(db, { name: `First ${unique()}` });
    const second = await createOrganization(db, { name: `Second ${unique()}` });
    const team = await createTeam(db, { organizationId: first.id, name: "Backend Team" });
    expect(team.slug).toBe("backend-team");
    expect((await createTeam(db, { organizationId: second.id, name: "Backend Team" })).slug).toBe("backend-team");
    const taken = await apiErrorOf(createTeam(db, { organizationId: first.id, name: "Other", slug: "backend-team" }));
    expect(taken.status).toBe(409);
    expect((await apiErrorOf(createTeam(db, { organizationId: "missing", name: "Nope" }))).status).toBe(404);
    expect(await db.team.count({ where: { organizationId: first.id } })).toBe(1);
  });

  it("adds only organization members to a team, once", async () => {
    const db = database.prisma;
    const organization = await createOrganization(db, { name: `Teams ${unique()}` });
    const team = await createTeam(db, { organizationId: organization.id, name: "Frontend" });
    const { user } = await createUser(db, { email: `in.${unique()}@example.com`, membership: { organizationId: organization.id, role: "member" } });
    const { user: outsider } = await createUser(db, { email: `out.${unique()}@example.com` });

    expect(await addTeamMember(db, { organizationId: organization.id, team: "frontend", user: user.email })).toMatchObject({ changed: true });
    expect(await addTeamMember(db, { organizationId: organization.id, team: team.id, user: user.id })).toMatchObject({ changed: false });
    const refused = await apiErrorOf(addTeamMember(db, { organizationId: organization.id, team: "frontend", user: outsider.email }));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain("not a member of this organization");
    expect((await apiErrorOf(addTeamMember(db, { organizationId: organization.id, team: "nope", user: user.email }))).status).toBe(404);
    expect(await db.teamMember.count({ where: { teamId: team.id } })).toBe(1);
  });

  it("generates project slugs from names, suffixing -2, -3 when taken; an explicit slug is validated and must be free", async () => {
    const db = database.prisma;
    const organization = await createOrganization(db, { name: `Projects ${unique()}` });
    const team = await createTeam(db, { organizationId: organization.id, name: "Core" });
    const first = await createProject(db, { organizationId: organization.id, name: "Web API", teams: ["core"] });
    expect(first.project.slug).toBe("web-api");
    expect(await db.projectTeam.findMany({ where: { projectId: first.project.id }, select: { teamId: true } })).toEqual([{ teamId: team.id }]);
    expect((await createProject(db, { organizationId: organization.id, name: "Web  API!" })).project.slug).toBe("web-api-2");
    expect((await createProject(db, { organizationId: organization.id, name: "web api" })).project.slug).toBe("web-api-3");
    expect((await createProject(db, { organizationId: organization.id, name: "Whatever", slug: "custom-1" })).project.slug).toBe("custom-1");

    const taken = await apiErrorOf(createProject(db, { organizationId: organization.id, name: "Again", slug: "custom-1" }));
    expect(taken.status).toBe(409);
    const invalid = await apiErrorOf(createProject(db, { organizationId: organization.id, name: "Bad", slug: "Bad Slug" }));
    expect(invalid.status).toBe(400);
    expect(Object.keys((invalid.details as { fields: Record<string, string[]> }).fields)).toEqual(["slug"]);
    const unknownTeam = await apiErrorOf(createProject(db, { organizationId: organization.id, name: "Orphan", teams: ["ghosts"] }));
    expect(unknownTeam.status).toBe(404);
    expect(await db.project.count({ where: { organizationId: organization.id } })).toBe(4);
  });

  it("gives a team access to a project once", async () => {
    const db = database.prisma;
    const organization = await createOrganization(db, { name: `Access ${unique()}` });
    const other = await createOrganization(db, { name: `Elsewhere ${unique()}` });
    await createTeam(db, { organizationId: organization.id, name: "Mobile" });
    await createTeam(db, { organizationId: other.id, name: "Mobile" });
    const { project } = await createProject(db, { organizationId: organization.id, name: "App" });
    expect(await addProjectTeam(db, { organizationId: organization.id, project: "app", team: "mobile" })).toMatchObject({ changed: true });
    expect(await addProjectTeam(db, { organizationId: organization.id, project: project.id, team: "mobile" })).toMatchObject({ changed: false });
    expect((await apiErrorOf(addProjectTeam(db, { organizationId: other.id, project: "app", team: "mobile" }))).status).toBe(404);
    expect(await db.projectTeam.count({ where: { projectId: project.id } })).toBe(1);
  });
});
