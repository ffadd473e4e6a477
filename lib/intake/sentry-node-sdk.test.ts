import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as envelopeRoute from "@/app/api/[projectId]/envelope/route";
import * as storeRoute from "@/app/api/[projectId]/store/route";
import { setDatabase, type Database } from "@/lib/db/client";
import { createProjectKey } from "@/lib/domain/projects/create-project-key";
import { projectDsn } from "@/lib/domain/projects/project-dsn";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { startRouteServer } from "@/lib/testing/route-server";
import { normalizeSentryEvent } from "./sentry-event";

// The real @sentry/node client, configured only with a Tether DSN, reporting to the envelope
// endpoint over HTTP. Its own file: the SDK keeps one global client, closed at the end.

class PaymentDeclined extends Error {
  override name = "PaymentDeclined";
}

// Two call sites raising the same error: Sentry's grouping tells them apart by the in-app frames.
function chargeCard(id: number): never {
  throw new PaymentDeclined(`card ${id} declined`);
}
function refundCard(id: number): never {
  throw new PaymentDeclined(`card ${id} declined`);
}
const caught = (action: () => never): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
};

// Sentry's grouping (in-app frames, custom fingerprints) is normalizeSentryEvent's; until it maps
// both, only the transport is asserted.
const probe = normalizeSentryEvent({
  fingerprint: ["probe"],
  exception: { values: [{ type: "E", stacktrace: { frames: [{ function: "f", filename: "a.js", in_app: true }] } }] },
});
const sentryGrouping = probe.groupingParts !== undefined && probe.fingerprint !== undefined;

describe("@sentry/node reporting to Tether by its DSN", () => {
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
    server = await startRouteServer([
      { method: "POST", path: "/api/:projectId/envelope", handler: envelopeRoute.POST },
      { method: "POST", path: "/api/:projectId/store", handler: storeRoute.POST },
    ]);
    Sentry.init({ dsn: projectDsn({ publicKey: key.publicKey, ingestId }, server.url), defaultIntegrations: false, release: "shop@1.2.3", environment: "test" });
  });
  afterAll(async () => {
    await Sentry.close(2000);
    await server?.stop();
    setDatabase(undefined);
    await database?.close();
  });

  it("stores every exception and message it captures, with the SDK's release, environment and platform", async () => {
    const fromCharge = [caught(() => chargeCard(1)), caught(() => chargeCard(2))];
    const fromRefund = caught(() => refundCard(3));
    for (const error of fromCharge) Sentry.captureException(error);
    Sentry.captureException(fromRefund);
    Sentry.captureMessage("cache warm-up skipped", "warning");
    Sentry.withScope((scope) => {
      scope.setFingerprint(["payments", "gateway-timeout"]);
      Sentry.captureException(new Error("gateway timed out after 3000 ms"));
    });
    Sentry.withScope((scope) => {
      scope.setFingerprint(["payments", "gateway-timeout"]);
      Sentry.captureException(new Error("gateway timed out after 5000 ms"));
    });
    expect(await Sentry.flush(5000)).toBe(true);

    const events = await database.prisma.event.findMany({ where: { projectId }, select: { platform: true, environment: true } });
    expect(events).toHaveLength(6);
    expect(events.every((event) => event.platform === "node" && event.environment === "test")).toBe(true);
    expect(await database.prisma.release.count({ where: { projectId, version: "shop@1.2.3" } })).toBe(1);
    const titles = (await database.prisma.group.findMany({ where: { projectId }, select: { title: true } })).map((group) => group.title);
    expect(titles.some((title) => title.includes("cache warm-up skipped"))).toBe(true);
  });

  it.runIf(sentryGrouping)("groups them as Sentry does: by call site, and by a custom fingerprint", async () => {
    const events = await database.prisma.event.findMany({ where: { projectId }, select: { groupId: true } });
    const groups = await database.prisma.group.findMany({ where: { projectId }, select: { id: true, title: true, timesSeen: true } });
    const seen = (id: string) => events.filter((event) => event.groupId === id).length;
    const declined = groups.filter((group) => group.title.startsWith("PaymentDeclined"));
    // One group per call site; the differing id in the value does not split the charge group.
    expect(declined.map((group) => seen(group.id)).sort()).toEqual([1, 2]);
    const timeouts = groups.filter((group) => group.title.includes("gateway timed out"));
    expect(timeouts).toHaveLength(1);
    expect(seen(timeouts[0]!.id)).toBe(2);
    expect(groups).toHaveLength(4);
  });
});
