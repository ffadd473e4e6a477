import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as envelopeRoute from "@/app/api/[projectId]/envelope/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";
import { createProjectKey } from "./create-project-key";
import { updateProjectKey } from "./update-project-key";

// The README promises a key change applies at once on the Tether instance that made it: the
// ingestion key cache must not keep answering with the key as it was.

const eventId = () => randomUUID().replaceAll("-", "");

function envelope(count = 1): string {
  const ids = Array.from({ length: count }, eventId);
  const items = ids.map((id) => {
    const payload = JSON.stringify({ event_id: id, platform: "node", exception: { values: [{ type: "Error", value: "key change" }] } });
    return `${JSON.stringify({ type: "event", length: Buffer.byteLength(payload) })}\n${payload}\n`;
  });
  return `${JSON.stringify({ event_id: ids[0] })}\n${items.join("")}`;
}

describe.each(await testDatabaseKinds())("key changes reach SDK intake at once on %s", (kind) => {
  let database: Database;
  let server: { url: string; stop: () => Promise<void> };
  let organizationId: string;
  let projectSlug: string;
  let ingestId: number;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const { organization, project } = await createOrganizationWithProject(database.prisma, { members: 0 });
    organizationId = organization.id;
    projectSlug = project.slug;
    ingestId = (await database.prisma.project.findUniqueOrThrow({ where: { id: project.id } })).ingestId;
    server = await startRouteServer([{ method: "POST", path: "/api/:projectId/envelope", handler: envelopeRoute.POST }]);
  });
  afterAll(async () => {
    await server?.stop();
    setDatabase(undefined);
    await database?.close();
  });

  async function send(publicKey: string, events = 1) {
    const response = await fetch(`${server.url}/api/${ingestId}/envelope/?sentry_key=${publicKey}&sentry_version=7`, { method: "POST", body: envelope(events) });
    return { status: response.status, text: await response.text() };
  }

  async function newKey() {
    const { key } = await createProjectKey(database.prisma, { organizationId, project: projectSlug });
    return key;
  }

  it("refuses a key disabled through updateProjectKey on the next event, and takes it back once enabled", async () => {
    const key = await newKey();
    const ref = { organizationId, project: projectSlug, keyId: key.id };
    expect((await send(key.publicKey)).status).toBe(200);
    await updateProjectKey(database.prisma, { ...ref, changes: { isActive: false } });
    const refused = await send(key.publicKey);
    expect(refused.status, refused.text).toBe(403);
    await updateProjectKey(database.prisma, { ...ref, changes: { isActive: true } });
    expect((await send(key.publicKey)).status).toBe(200);
  });

  it("applies a rate limit set or cleared through updateProjectKey on the next event", async () => {
    const key = await newKey();
    const ref = { organizationId, project: projectSlug, keyId: key.id };
    // Two events in one envelope are over a limit of one whatever the minute's count already is.
    expect((await send(key.publicKey, 2)).status).toBe(200);
    await updateProjectKey(database.prisma, { ...ref, changes: { rateLimitPerMinute: 1 } });
    const limited = await send(key.publicKey, 2);
    expect(limited.status, limited.text).toBe(429);
    await updateProjectKey(database.prisma, { ...ref, changes: { rateLimitPerMinute: null } });
    expect((await send(key.publicKey, 2)).status).toBe(200);
  });
});
