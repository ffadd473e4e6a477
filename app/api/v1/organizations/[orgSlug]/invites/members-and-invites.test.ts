import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { hashInviteToken } from "@/lib/domain/organizations/invite-token";
import { createMemberFixture } from "@/lib/testing/fixtures";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createGroupsWorld, sessionCookieFor, tokenFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { POST as acceptRoute } from "@/app/api/v1/invites/[token]/accept/route";
import { POST as signUpRoute } from "@/app/api/v1/invites/[token]/sign-up/route";
import { GET as listMembersRoute } from "../members/route";
import { DELETE as removeMemberRoute, PATCH as changeRoleRoute } from "../members/[memberId]/route";
import { DELETE as revokeRoute } from "./[inviteId]/route";
import { POST as resendRoute } from "./[inviteId]/resend/route";
import { GET as listInvitesRoute, POST as inviteRoute } from "./route";

interface Created {
  invite: { id: string; email: string; role: string; expired: boolean };
  token: string;
  path: string;
  url: string;
}
interface MemberRow {
  id: string;
  userId: string;
  email: string;
  role: string;
  teams: { slug: string }[];
}

describe.each(await testDatabaseKinds())("members and invites on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let admin: Credentials;
  let member: Credentials;
  let outsider: Credentials;
  let n = 0;
  const email = () => `invitee.${kind}.${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    admin = { cookie: await sessionCookieFor(world.admin.id) };
    member = { cookie: await sessionCookieFor(world.member.id) };
    outsider = { cookie: await sessionCookieFor(world.outsider.id) };
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const base = () => `/api/v1/organizations/${world.ours.slug}`;
  const invite = (body: unknown, credentials: Credentials, slug = world.ours.slug) =>
    callRoute(inviteRoute, `/api/v1/organizations/${slug}/invites`, { orgSlug: slug }, { ...credentials, method: "POST", body });
  const listInvites = (credentials: Credentials) => callRoute(listInvitesRoute, `${base()}/invites`, { orgSlug: world.ours.slug }, credentials);
  const members = async (): Promise<MemberRow[]> =>
    ((await (await callRoute(listMembersRoute, `${base()}/members?view=settings`, { orgSlug: world.ours.slug }, admin)).json()) as { members: MemberRow[] }).members;
  const changeRole = (memberId: string, role: unknown, credentials: Credentials) =>
    callRoute(changeRoleRoute, `${base()}/members/${memberId}`, { orgSlug: world.ours.slug, memberId }, { ...credentials, method: "PATCH", body: { role } });
  const remove = (memberId: string, credentials: Credentials) =>
    callRoute(removeMemberRoute, `${base()}/members/${memberId}`, { orgSlug: world.ours.slug, memberId }, { ...credentials, method: "DELETE" });
  const accept = (token: string, credentials: Credentials) => callRoute(acceptRoute, `/api/v1/invites/${token}/accept`, { token }, { ...credentials, method: "POST" });
  const signUp = (token: string, body: unknown) =>
    callRoute(signUpRoute, `/api/v1/invites/${token}/sign-up`, { token }, { method: "POST", body }).then((r) => r);
  const signUpFromPage = async (token: string, body: unknown) => {
    const { NextRequest } = await import("next/server");
    const url = new URL(`/api/v1/invites/${token}/sign-up`, "http://localhost");
    return signUpRoute(new NextRequest(url, { method: "POST", headers: { "content-type": "application/json", origin: url.origin }, body: JSON.stringify(body) }), { params: Promise.resolve({ token }) });
  };

  it("an admin invites an email with a role; the link is stored hashed, listed as pending, and a new visitor signs up with it once", async () => {
    const address = email();
    const res = await invite({ email: address.toUpperCase(), role: "admin" }, admin);
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created;
    expect(created.invite).toMatchObject({ email: address, role: "admin", expired: false });
    expect(created.path).toBe(`/invite/${created.token}`);
    expect(created.url.endsWith(created.path)).toBe(true);
    const row = await database.prisma.organizationInvite.findUniqueOrThrow({ where: { id: created.invite.id } });
    expect(row.tokenHash).toBe(hashInviteToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 24 * 3600_000);
    const listed = (await (await listInvites(admin)).json()) as { invites: { id: string }[] };
    expect(listed.invites.map((i) => i.id)).toContain(created.invite.id);

    // Cross-site sign-up is refused before anything is read.
    expect((await signUp(created.token, { name: "Ada", password: "long enough" })).status).toBe(403);
    const short = await signUpFromPage(created.token, { name: "Ada", password: "short" });
    expect(short.status).toBe(400);
    const joined = await signUpFromPage(created.token, { name: "Ada", password: "long enough" });
    expect(joined.status).toBe(201);
    expect(await joined.json()).toMatchObject({ email: address, role: "admin", organization: { slug: world.ours.slug } });
    expect((await members()).find((m) => m.email === address)).toMatchObject({ role: "admin" });
    const again = await signUpFromPage(created.token, { name: "Eve", password: "long enough" });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("invite_used");
    expect(await database.prisma.user.count({ where: { email: address } })).toBe(1);
  });

  it("refuses duplicate invites, existing members, bad emails, bad roles and unknown keys with 4xx, writing nothing", async () => {
    const address = email();
    expect((await invite({ email: address }, admin)).status).toBe(201);
    const before = await database.prisma.organizationInvite.count();
    const duplicate = await invite({ email: address, role: "member" }, admin);
    expect(duplicate.status).toBe(409);
    expect((await invite({ email: world.member.email }, admin)).status).toBe(409);
    expect((await invite({ email: "not-an-email" }, admin)).status).toBe(400);
    expect((await invite({ email: email(), role: "emperor" }, admin)).status).toBe(400);
    expect((await invite({ email: email(), extra: 1 }, admin)).status).toBe(400);
    expect((await invite({ email: "a\u0000b@example.com" }, admin)).status).toBe(400);
    expect((await invite("[]", admin)).status).toBe(400);
    expect(await database.prisma.organizationInvite.count()).toBe(before);
  });

  it("a member cannot invite, list invites, change roles or remove others (403); only an owner grants the owner role", async () => {
    expect((await invite({ email: email() }, member)).status).toBe(403);
    expect((await listInvites(member)).status).toBe(403);
    const rows = await members();
    const adminRow = rows.find((m) => m.userId === world.admin.id)!;
    const memberRow = rows.find((m) => m.userId === world.member.id)!;
    expect((await changeRole(adminRow.id, "member", member)).status).toBe(403);
    expect((await remove(adminRow.id, member)).status).toBe(403);
    // An admin may not hand out or invite the owner role.
    expect((await changeRole(memberRow.id, "owner", admin)).status).toBe(403);
    expect((await invite({ email: email(), role: "owner" }, admin)).status).toBe(403);
    // An outsider sees nothing of the organization.
    expect((await changeRole(memberRow.id, "admin", outsider)).status).toBe(404);
    expect((await (await callRoute(listMembersRoute, `${base()}/members?view=settings`, { orgSlug: world.ours.slug }, outsider)).status)).toBe(404);
    expect((await members()).find((m) => m.userId === world.member.id)?.role).toBe("member");
  });

  it("changes a role and protects the last owner and admin (409); unknown members are 404", async () => {
    const org = await database.prisma.organization.create({ data: { slug: `solo-${kind}-${Date.now()}`, name: "Solo" } });
    const owner = await createMemberFixture(database.prisma, org.id, { role: "owner" });
    const helper = await createMemberFixture(database.prisma, org.id, { role: "member" });
    const ownerCookie = { cookie: await sessionCookieFor(owner.id) };
    const helperCookie = { cookie: await sessionCookieFor(helper.id) };
    const memberIdOf = async (userId: string) => (await database.prisma.organizationMember.findFirstOrThrow({ where: { organizationId: org.id, userId } })).id;
    const ownerMember = await memberIdOf(owner.id);
    const helperMember = await memberIdOf(helper.id);
    const patch = (memberId: string, role: string, credentials: Credentials) =>
      callRoute(changeRoleRoute, `/api/v1/organizations/${org.slug}/members/${memberId}`, { orgSlug: org.slug, memberId }, { ...credentials, method: "PATCH", body: { role } });
    const del = (memberId: string, credentials: Credentials) =>
      callRoute(removeMemberRoute, `/api/v1/organizations/${org.slug}/members/${memberId}`, { orgSlug: org.slug, memberId }, { ...credentials, method: "DELETE" });

    const demote = await patch(ownerMember, "admin", ownerCookie);
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: { message: string } }).error.message).toContain("last owner");
    const leave = await del(ownerMember, ownerCookie);
    expect(leave.status).toBe(409);
    expect(((await leave.json()) as { error: { message: string } }).error.message).toContain("you are the organization's last owner");
    expect((await patch("no-such-member", "admin", ownerCookie)).status).toBe(404);
    expect((await del("no-such-member", ownerCookie)).status).toBe(404);

    expect((await patch(helperMember, "owner", ownerCookie)).status).toBe(200);
    expect((await patch(ownerMember, "member", ownerCookie)).status).toBe(200);
    expect((await del(helperMember, helperCookie)).status).toBe(409);
    // A plain member may leave.
    expect((await del(ownerMember, ownerCookie)).status).toBe(204);
    expect(await database.prisma.organizationMember.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it("an invite accepted by a signed-in user with that email works once; another account is refused and the link stays usable", async () => {
    const invitee = await createMemberFixture(database.prisma, world.theirs.id, { role: "member" });
    const created = (await (await invite({ email: invitee.email, role: "member" }, admin)).json()) as Created;
    const wrong = await accept(created.token, member);
    expect(wrong.status).toBe(403);
    const inviteeCookie = { cookie: await sessionCookieFor(invitee.id) };
    const ok = await accept(created.token, inviteeCookie);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ role: "member", alreadyMember: false, organization: { slug: world.ours.slug } });
    expect((await accept(created.token, inviteeCookie)).status).toBe(410);
    // An account that exists must sign in rather than sign up.
    const second = (await (await invite({ email: world.outsider.email }, admin)).json()) as Created;
    expect((await signUpFromPage(second.token, { name: "X", password: "long enough" })).status).toBe(409);
    expect((await accept("tinv_nonsense", inviteeCookie)).status).toBe(404);
    expect((await accept(created.token, {})).status).toBe(401);
  });

  it("expired, revoked and resent links: the old link dies on resend, a revoked one is 410", async () => {
    const created = (await (await invite({ email: email() }, admin)).json()) as Created;
    await database.prisma.organizationInvite.update({ where: { id: created.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await signUpFromPage(created.token, { name: "Late", password: "long enough" });
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe("invite_expired");
    // An expired invite does not block a new one for the address, and can be resent.
    const resent = await callRoute(resendRoute, `${base()}/invites/${created.invite.id}/resend`, { orgSlug: world.ours.slug, inviteId: created.invite.id }, { ...admin, method: "POST" });
    expect(resent.status).toBe(200);
    const fresh = (await resent.json()) as Created;
    expect(fresh.token).not.toBe(created.token);
    expect((await signUpFromPage(created.token, { name: "Old", password: "long enough" })).status).toBe(404);

    const revoke = (inviteId: string, credentials: Credentials) =>
      callRoute(revokeRoute, `${base()}/invites/${inviteId}`, { orgSlug: world.ours.slug, inviteId }, { ...credentials, method: "DELETE" });
    expect((await revoke(created.invite.id, member)).status).toBe(403);
    expect((await revoke(created.invite.id, admin)).status).toBe(204);
    expect((await revoke(created.invite.id, admin)).status).toBe(204);
    expect((await revoke("no-such-invite", admin)).status).toBe(404);
    const revoked = await signUpFromPage(fresh.token, { name: "Late", password: "long enough" });
    expect(revoked.status).toBe(410);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe("invite_revoked");
  });

  it("an org:admin token may invite (as an admin would); an issues:write token may not", async () => {
    const adminToken = await tokenFor(database.prisma, world.ours.id, ["org:admin"], world.admin.id);
    const writeToken = await tokenFor(database.prisma, world.ours.id, ["issues:write"]);
    expect((await invite({ email: email() }, { token: adminToken })).status).toBe(201);
    expect((await invite({ email: email(), role: "owner" }, { token: adminToken })).status).toBe(403);
    expect((await invite({ email: email() }, { token: writeToken })).status).toBe(403);
    // Another organization's admin token sees a 404.
    const theirs = await tokenFor(database.prisma, world.theirs.id, ["org:admin"]);
    expect((await invite({ email: email() }, { token: theirs })).status).toBe(404);
  });
});
