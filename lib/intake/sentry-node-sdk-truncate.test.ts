import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as envelopeRoute from "@/app/api/[projectId]/envelope/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import { projectDsn } from "@/lib/domain/projects/project-dsn";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";
import { findUnstorableText } from "@/lib/text/unstorable-text";

// A real SDK sending a lone surrogate: @sentry/node truncates values to maxValueLength UTF-16
// units, which can cut an emoji's surrogate pair in half. Its own file: the SDK keeps one global
// client, and this one is configured differently from sentry-node-sdk.test.ts's.

describe("@sentry/node cutting a surrogate pair with maxValueLength", () => {
  let database: Database;
  let server: { url: string; stop: () => Promise<void> };
  let projectId: string;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    setDatabase(database);
    const db = database.prisma;
    const { organization, project } = await createOrganizationWithProject(db, { members: 0 });
    projectId = project.id;
    const { key } = await createProjectKey(db, { organizationId: organization.id, project: project.slug });
    const { ingestId } = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    server = await startRouteServer([{ method: "POST", path: "/api/:projectId/envelope", handler: envelopeRoute.POST }]);
    Sentry.init({ dsn: projectDsn({ publicKey: key.publicKey, ingestId }, server.url), defaultIntegrations: false, maxValueLength: 10 });
  });
  afterAll(async () => {
    await Sentry.close(2000);
    await server?.stop();
    setDatabase(undefined);
    await database?.close();
  });

  it("stores the event with U+FFFD where the half pair was, instead of losing it", async () => {
    Sentry.captureException(new Error("abcdefghi😀 boom"));
    expect(await Sentry.flush(5000)).toBe(true);
    const events = await database.prisma.event.findMany({ where: { projectId } });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(findUnstorableText(JSON.parse(JSON.stringify(event)))).toBeNull();
    expect(JSON.stringify(event?.payload)).toContain("abcdefghi\ufffd");
  });
});
