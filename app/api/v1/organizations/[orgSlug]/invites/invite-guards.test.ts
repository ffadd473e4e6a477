import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { createMemberFixture } from "@/lib/testing/fixtures";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createGroupsWorld, sessionCookieFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { POST as signUpRoute } from "@/app/api/v1/invites/[token]/sign-up/route";
import { DELETE as revokeRoute } from "./[inviteId]/route";
import { POST as inviteRoute } from "./route";

interface Created {
  invite: { id: string };
  token: string;
}

// As lib/auth/passwords sizes its queue: with every slot busy, a sign-up that hashes must wait.
const HASHING_SLOTS = Math.max(1, Math.floor((Number(process.env.UV_THREADPOOL_SIZE) || 4) / 2));

describe.each(await testDatabaseKinds())("invite guards on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let admin: Credentials;
  let owner: Credentials;
  let n = 0;
  const email = () => `guarded.${kind}.${++n}.${Date.now()}@example.com`;
  const cost = process.env.TETHER_BCRYPT_COST;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    admin = { cookie: await sessionCookieFor(world.admin.id) };
    const ownerUser = await createMemberFixture(database.prisma, world.ours.id, { role: "owner" });
    owner = { cookie: await sessionCookieFor(ownerUser.id) };
  });
  afterEach(() => {
    if (cost === undefined) delete process.env.TETHER_BCRYPT_COST;
    else process.env.TETHER_BCRYPT_COST = cost;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const base = () => `/api/v1/organizations/${world.ours.slug}`;
  const invite = async (body: unknown, credentials: Credentials) =>
    (await (await callRoute(inviteRoute, `${base()}/invites`, { orgSlug: world.ours.slug }, { ...credentials, method: "POST", body })).json()) as Created;
  const revoke = (inviteId: string, credentials: Credentials) =>
    callRoute(revokeRoute, `${base()}/invites/${inviteId}`, { orgSlug: world.ours.slug, inviteId }, { ...credentials, method: "DELETE" });
  const signUp = async (token: string) => {
    const { NextRequest } = await import("next/server");
    const url = new URL(`/api/v1/invites/${token}/sign-up`, "http://localhost");
    const body = JSON.stringify({ name: "Visitor", password: "long enough" });
    return signUpRoute(new NextRequest(url, { method: "POST", headers: { "content-type": "application/json", origin: url.origin }, body }), { params: Promise.resolve({ token }) });
  };

  it("an unusable link is answered without hashing the password: it does not wait for busy hashing slots", async () => {
    const expired = await invite({ email: email() }, admin);
    await database.prisma.organizationInvite.update({ where: { id: expired.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await invite({ email: email() }, admin);
    expect((await revoke(revoked.invite.id, admin)).status).toBe(204);

    // Real hashes at a raised cost hold every slot; a sign-up that hashed first would queue behind them.
    process.env.TETHER_BCRYPT_COST = "14";
    let slotsFreed = false;
    const busy = Promise.all(Array.from({ length: HASHING_SLOTS }, () => hashPassword("occupying a slot"))).then(() => {
      slotsFreed = true;
    });
    const answers = [];
    for (const token of ["not-a-token", `tinv_${"A".repeat(43)}`, expired.token, revoked.token]) {
      const res = await signUp(token);
      answers.push([res.status, slotsFreed]);
    }
    await busy;
    expect(answers).toEqual([
      [404, false],
      [404, false],
      [410, false],
      [410, false],
    ]);
  });

  it("only an owner revokes an invite for the owner role; an admin is refused (403) and the link keeps working", async () => {
    const created = await invite({ email: email(), role: "owner" }, owner);
    expect((await revoke(created.invite.id, admin)).status).toBe(403);
    expect(await database.prisma.organizationInvite.findUniqueOrThrow({ where: { id: created.invite.id } })).toMatchObject({ revokedAt: null });
    expect((await revoke(created.invite.id, owner)).status).toBe(204);
    expect((await database.prisma.organizationInvite.findUniqueOrThrow({ where: { id: created.invite.id } })).revokedAt).not.toBeNull();
    // Invites for other roles stay an admin's to revoke.
    const plain = await invite({ email: email(), role: "member" }, owner);
    expect((await revoke(plain.invite.id, admin)).status).toBe(204);
  });
});
