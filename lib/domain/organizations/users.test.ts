import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/passwords";
import { apiErrorOf } from "@/lib/testing/api-error";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { addOrganizationMember } from "./add-organization-member";
import { addUserEmail } from "./add-user-email";
import { createOrganization } from "./create-organization";
import { createUser } from "./create-user";
import { deactivateUser } from "./deactivate-user";

const unique = () => randomBytes(3).toString("hex");

describe.each(await testDatabaseKinds())("users on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("creates a user with a lower-cased, verified primary email, a password hash and a membership", async () => {
    const db = database.prisma;
    const organization = await createOrganization(db, { name: `Org ${unique()}` });
    const email = `Ada.${unique()}@Example.COM`;
    const { user, membership } = await createUser(db, {
      email,
      password: "correct horse",
      name: "Ada",
      membership: { organizationId: organization.id, role: "admin" },
    });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBe("Ada");
    expect(await verifyPassword("correct horse", user.passwordHash)).toBe(true);
    expect(await db.userEmail.findMany({ where: { userId: user.id }, select: { email: true, isVerified: true } })).toEqual([
      { email: email.toLowerCase(), isVerified: true },
    ]);
    expect(membership).toMatchObject({ organizationId: organization.id, userId: user.id, role: "admin" });
  });

  it("refuses a taken email (any case), a short password, a bad email and an unknown organization, writing nothing", async () => {
    const db = database.prisma;
    const email = `taken.${unique()}@example.com`;
    await createUser(db, { email, password: "long enough" });
    const before = await db.user.count();

    const taken = await apiErrorOf(createUser(db, { email: email.toUpperCase(), password: "long enough" }));
    expect(taken.status).toBe(409);
    expect(taken.message).toContain(email);

    const short = await apiErrorOf(createUser(db, { email: `x.${unique()}@example.com`, password: "short" }));
    expect(short.status).toBe(400);
    expect(short.details).toEqual({ fields: { password: ["Password must be at least 8 characters"] } });

    expect((await apiErrorOf(createUser(db, { email: "not-an-email", password: "long enough" }))).status).toBe(400);

    const missingOrg = await apiErrorOf(createUser(db, { email: `y.${unique()}@example.com`, membership: { organizationId: "nope", role: "member" } }));
    expect(missingOrg.status).toBe(404);
    expect(await db.user.count()).toBe(before);
  });

  it("adds emails: verified by default, unverified on request, lower-cased, duplicates refused", async () => {
    const db = database.prisma;
    const { user } = await createUser(db, { email: `multi.${unique()}@example.com` });
    const { user: other } = await createUser(db, { email: `other.${unique()}@example.com` });
    const added = await addUserEmail(db, { user: user.email.toUpperCase(), email: "  Work.Address@Example.com " .replace("Work", `Work${unique()}`) });
    expect(added.email).toMatchObject({ userId: user.id, isVerified: true });
    expect(added.email.email).toBe(added.email.email.toLowerCase());
    const unverified = await addUserEmail(db, { user: user.id, email: `alias.${unique()}@example.com`, verified: false });
    expect(unverified.email.isVerified).toBe(false);

    const again = await apiErrorOf(addUserEmail(db, { user: user.id, email: added.email.email.toUpperCase() }));
    expect(again.status).toBe(409);
    expect(again.message).toContain("this user");
    const foreign = await apiErrorOf(addUserEmail(db, { user: user.id, email: other.email }));
    expect(foreign.status).toBe(409);
    expect(foreign.message).toContain("another user");
    expect((await apiErrorOf(addUserEmail(db, { user: "missing@example.com", email: `z.${unique()}@example.com` }))).status).toBe(404);
    expect(await db.userEmail.count({ where: { userId: user.id } })).toBe(3);
  });

  it("deactivates a user once; a second time changes nothing", async () => {
    const db = database.prisma;
    const { user } = await createUser(db, { email: `leaving.${unique()}@example.com` });
    expect(await deactivateUser(db, { user: user.email })).toMatchObject({ changed: true, user: { isActive: false } });
    expect(await deactivateUser(db, { user: user.id })).toMatchObject({ changed: false, user: { isActive: false } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).isActive).toBe(false);
    expect((await apiErrorOf(deactivateUser(db, { user: "no-such-id" }))).status).toBe(404);
  });

  it("adds an existing user to an organization and changes a member's role", async () => {
    const db = database.prisma;
    const organization = await createOrganization(db, { name: `Org ${unique()}` });
    const { user } = await createUser(db, { email: `member.${unique()}@example.com` });
    expect(await addOrganizationMember(db, { organizationId: organization.id, user: user.email })).toMatchObject({ changed: true, member: { role: "member" } });
    expect(await addOrganizationMember(db, { organizationId: organization.id, user: user.id, role: "owner" })).toMatchObject({ changed: true, member: { role: "owner" } });
    expect(await addOrganizationMember(db, { organizationId: organization.id, user: user.id, role: "owner" })).toMatchObject({ changed: false });
    const badRole = await apiErrorOf(addOrganizationMember(db, { organizationId: organization.id, user: user.id, role: "king" as "owner" }));
    expect(badRole.status).toBe(400);
    expect(await db.organizationMember.count({ where: { organizationId: organization.id } })).toBe(1);
  });
});
