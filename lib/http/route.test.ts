import { NextResponse } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testDatabaseKinds } from "@/lib/testing/db";
import { useTestDatabase } from "@/lib/testing/test-database";
import { callRoute, createGroupsWorld, sessionCookieFor, tokenFor } from "@/lib/testing/ui-fixtures";
import { groupRoute, organizationRoute, projectRoute } from "./route";

// Handlers that only echo what their wrapper resolved: the wrappers are what is under test.
const orgRead = organizationRoute(async ({ access }) => NextResponse.json({ organization: access.organization.slug, role: access.role, userId: access.userId }), {
  scope: "issues:read",
});
const orgAdminWrite = organizationRoute(async ({ access, body }) => NextResponse.json({ organization: access.organization.slug, name: body.name }), {
  scope: "org:admin",
  body: z.strictObject({ name: z.string().min(1) }),
});
const orgByBody = organizationRoute<Record<never, never>, z.ZodObject<{ organization: z.ZodString }>>(
  async ({ access }) => NextResponse.json({ organization: access.organization.slug }),
  { scope: "issues:read", body: z.object({ organization: z.string() }), organizationSlug: ({ body }) => body.organization },
);
const projectRead = projectRoute(async ({ access }) => NextResponse.json({ organization: access.organization.slug, project: access.project }), { scope: "issues:read" });
const groupWrite = groupRoute(async ({ access, query }) => NextResponse.json({ group: access.group.id, organization: access.organization.slug, limit: query.limit }), {
  scope: "issues:write",
  query: z.object({ limit: z.coerce.number().int().min(1) }),
});

describe.each(await testDatabaseKinds())("route wrappers on %s", (kind) => {
  const database = useTestDatabase(kind);
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let memberCookie: string;
  let adminCookie: string;
  let readToken: string;
  beforeAll(async () => {
    const db = database().prisma;
    world = await createGroupsWorld(db);
    [memberCookie, adminCookie] = await Promise.all([sessionCookieFor(world.member.id), sessionCookieFor(world.admin.id)]);
    readToken = await tokenFor(db, world.ours.id, ["issues:read"], world.admin.id);
  });

  const error = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  describe("organizationRoute", () => {
    it("hands the handler the caller's access to params.orgSlug", async () => {
      const bySession = await callRoute(orgRead, "/x", { orgSlug: world.ours.slug }, { cookie: memberCookie });
      expect(await bySession.json()).toEqual({ organization: world.ours.slug, role: "member", userId: world.member.id });
      const byToken = await callRoute(orgRead, "/x", { orgSlug: world.ours.slug }, { token: readToken });
      expect(await byToken.json()).toEqual({ organization: world.ours.slug, role: null, userId: world.admin.id });
    });

    it("answers 401 without credentials, 404 for an organization the caller cannot see, 403 for a missing scope", async () => {
      const anonymous = await callRoute(orgRead, "/x", { orgSlug: world.ours.slug });
      expect(anonymous.status).toBe(401);
      const foreign = await callRoute(orgRead, "/x", { orgSlug: world.theirs.slug }, { cookie: memberCookie });
      expect(foreign.status).toBe(404);
      expect(await error(foreign)).toEqual({ code: "not_found", message: "Organization not found" });
      const missingScope = await callRoute(orgAdminWrite, "/x", { orgSlug: world.ours.slug }, { cookie: memberCookie, method: "POST", body: { name: "n" } });
      expect(missingScope.status).toBe(403);
      expect((await error(missingScope)).code).toBe("forbidden");
    });

    it("refuses a session's state change from another site before reading anything", async () => {
      const { NextRequest } = await import("next/server");
      const request = new NextRequest("http://localhost/x", {
        method: "POST",
        headers: { cookie: adminCookie, origin: "https://evil.test", "content-type": "application/json" },
        body: JSON.stringify({ name: "n" }),
      });
      const res = await orgAdminWrite(request, { params: Promise.resolve({ orgSlug: world.ours.slug }) });
      expect(res.status).toBe(403);
      expect((await error(res)).code).toBe("cross_site_request");
    });

    it("validates a declared body after authentication and before the access check", async () => {
      const invalid = await callRoute(orgAdminWrite, "/x", { orgSlug: world.theirs.slug }, { cookie: adminCookie, method: "POST", body: { name: "" } });
      expect(invalid.status).toBe(400);
      const valid = await callRoute(orgAdminWrite, "/x", { orgSlug: world.ours.slug }, { cookie: adminCookie, method: "POST", body: { name: "n" } });
      expect(await valid.json()).toEqual({ organization: world.ours.slug, name: "n" });
    });

    it("takes the organization from the body when the route says so", async () => {
      const ours = await callRoute(orgByBody, "/x", {}, { cookie: memberCookie, method: "POST", body: { organization: world.ours.slug } });
      expect(await ours.json()).toEqual({ organization: world.ours.slug });
      const theirs = await callRoute(orgByBody, "/x", {}, { cookie: memberCookie, method: "POST", body: { organization: world.theirs.slug } });
      expect(theirs.status).toBe(404);
    });
  });

  describe("projectRoute", () => {
    it("resolves the project within the organization, 404 otherwise", async () => {
      const found = await callRoute(projectRead, "/x", { orgSlug: world.ours.slug, projectSlug: "web" }, { token: readToken });
      expect(await found.json()).toEqual({ organization: world.ours.slug, project: { id: world.web.id, slug: "web", name: "Web" } });
      const unknown = await callRoute(projectRead, "/x", { orgSlug: world.ours.slug, projectSlug: "nope" }, { token: readToken });
      expect(unknown.status).toBe(404);
      expect(await error(unknown)).toEqual({ code: "not_found", message: "Project not found" });
      const foreign = await callRoute(projectRead, "/x", { orgSlug: world.theirs.slug, projectSlug: "api" }, { token: readToken });
      expect(await error(foreign)).toEqual({ code: "not_found", message: "Organization not found" });
    });
  });

  describe("groupRoute", () => {
    it("resolves the group's organization; another organization's group answers 404 like an unknown id", async () => {
      const ours = await callRoute(groupWrite, "/x?limit=5", { groupId: world.groups.quota.id }, { cookie: memberCookie });
      expect(await ours.json()).toEqual({ group: world.groups.quota.id, organization: world.ours.slug, limit: 5 });
      for (const groupId of [world.theirGroup.id, "no-such-group"]) {
        const res = await callRoute(groupWrite, "/x?limit=5", { groupId }, { cookie: memberCookie });
        expect(res.status).toBe(404);
        expect(await error(res)).toEqual({ code: "not_found", message: "Group not found" });
      }
      const readOnly = await callRoute(groupWrite, "/x?limit=5", { groupId: world.groups.quota.id }, { token: readToken });
      expect(readOnly.status).toBe(403);
    });

    it("validates a declared query before the access check", async () => {
      const res = await callRoute(groupWrite, "/x?limit=0", { groupId: world.theirGroup.id }, { cookie: memberCookie });
      expect(res.status).toBe(400);
    });
  });
});
