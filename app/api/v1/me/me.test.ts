import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/passwords";
import { setDatabase, type Database } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { installDiscordGuild } from "@/lib/testing/discord-fixtures";
import { callRoute, createGroupsWorld, sessionCookieFor, tokenFor, type Credentials } from "@/lib/testing/ui-fixtures";
import { DELETE as unlinkRoute } from "./identities/[identityId]/route";
import { POST as passwordRoute } from "./password/route";
import { GET as meRoute, PATCH as updateMeRoute } from "./route";

describe.each(await testDatabaseKinds())("the signed-in user's profile on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let me: Credentials;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    world = await createGroupsWorld(database.prisma);
    me = { cookie: await sessionCookieFor(world.member.id) };
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const get = (credentials: Credentials) => callRoute(meRoute, "/api/v1/me", {}, credentials);
  const patch = (body: unknown, credentials: Credentials = me) => callRoute(updateMeRoute, "/api/v1/me", {}, { ...credentials, method: "PATCH", body });
  const password = (body: unknown, credentials: Credentials) => callRoute(passwordRoute, "/api/v1/me/password", {}, { ...credentials, method: "POST", body });

  it("reads and renames the profile; refuses empty names, NUL and tokens", async () => {
    const res = await get(me);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: world.member.email, emails: [{ email: world.member.email, verified: true, primary: true }], identities: { discord: [] } });
    expect((await patch({ name: "Grace Hopper" })).status).toBe(200);
    expect((await database.prisma.user.findUniqueOrThrow({ where: { id: world.member.id } })).name).toBe("Grace Hopper");
    expect((await patch({ name: "  " })).status).toBe(400);
    expect((await patch({ name: "a\u0000b" })).status).toBe(400);
    expect((await patch({ name: "x", email: "other@example.com" })).status).toBe(400);
    expect((await get({})).status).toBe(401);
    const token = await tokenFor(database.prisma, world.ours.id, ["org:admin"], world.member.id);
    expect((await get({ token })).status).toBe(403);
  });

  it("changes the password only with the current one, ends the sessions, and throttles guesses like sign-in", async () => {
    const user = await database.prisma.user.create({ data: { email: `pw.${kind}.${Date.now()}@example.com`, passwordHash: await hashPassword("old password") } });
    const cookie = { cookie: await sessionCookieFor(user.id) };
    const wrong = await password({ currentPassword: "nope", newPassword: "brand new pass" }, cookie);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { details: { fields: Record<string, string[]> } } }).error.details.fields.currentPassword).toEqual(["Incorrect password"]);
    expect((await password({ currentPassword: "old password", newPassword: "short" }, cookie)).status).toBe(400);
    expect((await password({ currentPassword: "old password", newPassword: "brand new pass" }, cookie)).status).toBe(204);
    const after = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("brand new pass", after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(1);
    // The old session has ended.
    expect((await get(cookie)).status).toBe(401);

    const fresh = { cookie: await sessionCookieFor(user.id) };
    // Cookie versions start at 0; give the fresh cookie the current version by resetting it.
    await database.prisma.user.update({ where: { id: user.id }, data: { sessionVersion: 0 } });
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await password({ currentPassword: `guess ${i}`, newPassword: "another pass" }, fresh)).status;
    expect(last).toBe(429);
    expect((await password({ currentPassword: "brand new pass", newPassword: "another pass" }, fresh)).status).toBe(429);
  });

  it("unlinks the user's own Discord identity, records it, and answers 404 for someone else's", async () => {
    const { integration } = await installDiscordGuild(database.prisma, world.ours.id, `99${Date.now()}`.slice(0, 18), "Ops guild");
    const idp = await database.prisma.identityProvider.findFirstOrThrow({ where: { integrationId: integration.id } });
    const mine = await database.prisma.identity.create({ data: { idpId: idp.id, externalId: "1234567", userId: world.member.id } });
    const theirs = await database.prisma.identity.create({ data: { idpId: idp.id, externalId: "7654321", userId: world.admin.id } });
    const listed = (await (await get(me)).json()) as { identities: { discord: { id: string; guild: { name: string } }[] } };
    expect(listed.identities.discord).toEqual([expect.objectContaining({ id: mine.id, guild: expect.objectContaining({ name: "Ops guild" }) })]);
    const unlink = (identityId: string) => callRoute(unlinkRoute, `/api/v1/me/identities/${identityId}`, { identityId }, { ...me, method: "DELETE" });
    expect((await unlink(theirs.id)).status).toBe(404);
    expect((await unlink(mine.id)).status).toBe(200);
    expect((await unlink(mine.id)).status).toBe(404);
    expect(await database.prisma.identity.count({ where: { id: theirs.id } })).toBe(1);
    expect(await database.prisma.syncEvent.count({ where: { kind: "unlink", externalKey: "1234567" } })).toBe(1);
  });
});
