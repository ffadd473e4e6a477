// Issue 9, defect 2: a session stands only while its user is active and has not ended their
// sessions. Checked the way pages (sessionUserId → signedInOrRedirect) and route handlers
// (authenticateRequest) check it, with cookies minted by the real sign-in callbacks.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as membersRoute } from "@/app/api/v1/organizations/[orgSlug]/members/route";
import { GET as tokensRoute } from "@/app/api/v1/organizations/[orgSlug]/api-tokens/route";
import { POST as revokeSessionsRoute } from "@/app/api/v1/me/sessions/revoke/route";
import { runCli } from "@/lib/cli/run-cli";
import { setDatabase, type Database } from "@/lib/db/client";
import { deactivateUser } from "@/lib/domain/organizations/deactivate-user";
import { setUserPassword } from "@/lib/domain/organizations/set-user-password";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createMemberFixture, createOrganizationFixture, sessionCookieFor } from "@/lib/testing/fixtures";
import { callRoute, tokenFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { sessionUserIdFor } from "./access";
import { authOptions } from "./options";
import { signedInOrRedirect } from "./page-access";
import { authenticateWithPassword } from "./password-sign-in";
import { hashPassword } from "./passwords";
import { revokeSessions } from "./session-version";

const PASSWORD = "correct horse battery";
let addressCounter = 0;

/** Signs in with email and password and turns the result into a session cookie, as next-auth does. */
async function signInCookie(email: string, password = PASSWORD): Promise<string> {
  addressCounter += 1;
  const user = await authenticateWithPassword({ email, password }, `192.0.2.${addressCounter}`);
  if (!user) throw new Error(`sign-in refused for ${email}`);
  const jwt = authOptions.callbacks?.jwt;
  if (!jwt) throw new Error("authOptions has no jwt callback");
  const token = await jwt({ token: {}, user, account: { provider: "credentials", type: "credentials", providerAccountId: user.id }, trigger: "signIn" });
  return `next-auth.session-token=${await encode({ token, secret: process.env.NEXTAUTH_SECRET ?? "" })}`;
}

/** Where a page sends this cookie's visitor: "page" when it renders, else the redirect target. */
async function pageOutcome(db: Database["prisma"], cookie: string, path: string): Promise<string> {
  try {
    signedInOrRedirect(await sessionUserIdFor(db, new Headers({ cookie })), path);
    return "page";
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2];
    throw error;
  }
}

describe.each(await testDatabaseKinds())("session revocation on %s", (kind) => {
  let database: Database;
  let slug: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    slug = (await createOrganizationFixture(database.prisma)).slug;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  async function member(role: "owner" | "admin" | "member" = "member") {
    const organization = await database.prisma.organization.findUniqueOrThrow({ where: { slug } });
    const user = await createMemberFixture(database.prisma, organization.id, { role });
    await database.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    return user;
  }
  const members = (credentials: Credentials) => callRoute(membersRoute, `/api/v1/organizations/${slug}/members`, { orgSlug: slug }, credentials);
  const tokens = (credentials: Credentials) => callRoute(tokensRoute, `/api/v1/organizations/${slug}/api-tokens`, { orgSlug: slug }, credentials);
  const revokeAll = (credentials: Credentials) =>
    callRoute(revokeSessionsRoute, "/api/v1/me/sessions/revoke", {}, { ...credentials, method: "POST", body: {} });
  const signInPage = (path: string) => `/signin?callbackUrl=${encodeURIComponent(path)}`;

  it("defect 2: a deactivated user's old cookie gets the sign-in page and 401, even after reactivation", async () => {
    const admin = await member("admin");
    const cookie = await signInCookie(admin.email);
    const path = `/o/${slug}/settings/tokens`;
    expect(await pageOutcome(database.prisma, cookie, path)).toBe("page");
    expect((await members({ cookie })).status).toBe(200);
    expect((await tokens({ cookie })).status).toBe(200);

    await deactivateUser(database.prisma, { user: admin.email });
    expect(await pageOutcome(database.prisma, cookie, path)).toBe(signInPage(path));
    expect((await members({ cookie })).status).toBe(401);
    expect((await tokens({ cookie })).status).toBe(401);

    // Deactivation ended the session: bringing the user back does not bring the cookie back.
    await database.prisma.user.update({ where: { id: admin.id }, data: { isActive: true } });
    expect(await pageOutcome(database.prisma, cookie, path)).toBe(signInPage(path));
    const response = await members({ cookie });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("session has ended");
    expect((await members({ cookie: await signInCookie(admin.email) })).status).toBe(200);
  });

  it("defect 2: sign-out everywhere ends every session of the user, the calling one included", async () => {
    const user = await member();
    const laptop = await signInCookie(user.email);
    const phone = await signInCookie(user.email);
    const bystander = await signInCookie((await member()).email);
    expect((await members({ cookie: phone })).status).toBe(200);

    expect((await revokeAll({ cookie: laptop })).status).toBe(204);
    for (const cookie of [laptop, phone]) {
      expect((await members({ cookie })).status).toBe(401);
      expect(await pageOutcome(database.prisma, cookie, `/o/${slug}/groups`)).toBe(signInPage(`/o/${slug}/groups`));
    }
    expect((await revokeAll({ cookie: phone })).status).toBe(401);
    expect((await members({ cookie: bystander })).status).toBe(200);
    expect((await members({ cookie: await signInCookie(user.email) })).status).toBe(200);
  });

  it("sign-out everywhere needs a signed-in user: 401 without a session, 403 for an API token", async () => {
    const organization = await database.prisma.organization.findUniqueOrThrow({ where: { slug } });
    const before = await database.prisma.user.aggregate({ _sum: { sessionVersion: true } });
    expect((await revokeAll({})).status).toBe(401);
    expect((await revokeAll({ token: await tokenFor(database.prisma, organization.id, ["org:admin"], (await member("owner")).id) })).status).toBe(403);
    expect(await database.prisma.user.aggregate({ _sum: { sessionVersion: true } })).toEqual(before);
  });

  it("defect 2: a password change ends the sessions issued before it", async () => {
    const user = await member();
    const cookie = await signInCookie(user.email);
    await setUserPassword(database.prisma, { user: user.email, password: "a brand new password" });
    expect((await members({ cookie })).status).toBe(401);
    expect(await pageOutcome(database.prisma, cookie, "/")).toBe(signInPage("/"));
    await expect(signInCookie(user.email)).rejects.toThrow(/refused/);
    const current = await signInCookie(user.email, "a brand new password");
    expect((await members({ cookie: current })).status).toBe(200);

    // The CLI's way to set a password does the same.
    let out = "";
    const sink = { write: (chunk: string) => (out += chunk) };
    expect(await runCli(["user", "set-password", "--user", user.email, "--password", "third password"], { stdout: sink, stderr: sink, database })).toBe(0);
    expect(out).toContain("sessions have ended");
    expect((await members({ cookie: current })).status).toBe(401);
    expect((await members({ cookie: await signInCookie(user.email, "third password") })).status).toBe(200);
  });

  it("defect 2: an API token created by a user who is later deactivated answers 401", async () => {
    const organization = await database.prisma.organization.findUniqueOrThrow({ where: { slug } });
    const creator = await member("admin");
    const token = await tokenFor(database.prisma, organization.id, ["org:admin"], creator.id);
    const ownerless = await tokenFor(database.prisma, organization.id, ["org:admin"]);
    expect((await members({ token })).status).toBe(200);
    await deactivateUser(database.prisma, { user: creator.id });
    expect((await members({ token })).status).toBe(401);
    expect((await tokens({ token })).status).toBe(401);
    // A token nobody created (made from the CLI without --user) does not depend on anyone.
    expect((await members({ token: ownerless })).status).toBe(200);
  });

  it("a cookie from before sessions had versions works until the user's first revocation", async () => {
    const user = await member();
    const legacy = await sessionCookieFor(user.id);
    expect((await members({ cookie: legacy })).status).toBe(200);
    await revokeSessions(database.prisma, user.id);
    expect((await members({ cookie: legacy })).status).toBe(401);
    expect(await pageOutcome(database.prisma, legacy, "/")).toBe(signInPage("/"));
  });
});
