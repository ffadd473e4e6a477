import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSentrySdkWorld, type SentrySdkWorld } from "@/lib/testing/sentry-sdk-world";

// The real @sentry/node client, configured only with a Tether DSN, reporting to the envelope
// endpoint over HTTP. Its own file: the SDK keeps one global client (lib/testing/sentry-sdk-world.ts).

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

describe("@sentry/node reporting to Tether by its DSN", () => {
  let world: SentrySdkWorld;
  beforeAll(async () => {
    world = await openSentrySdkWorld({ defaultIntegrations: false, release: "shop@1.2.3", environment: "test" });
  });
  afterAll(() => world?.close());

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

    const events = await world.database.prisma.event.findMany({ where: { projectId: world.projectId }, select: { platform: true, environment: true } });
    expect(events).toHaveLength(6);
    expect(events.every((event) => event.platform === "node" && event.environment === "test")).toBe(true);
    expect(await world.database.prisma.release.count({ where: { projectId: world.projectId, version: "shop@1.2.3" } })).toBe(1);
    const titles = (await world.database.prisma.group.findMany({ where: { projectId: world.projectId }, select: { title: true } })).map((group) => group.title);
    expect(titles.some((title) => title.includes("cache warm-up skipped"))).toBe(true);
  });

  it("groups them as Sentry does: by call site, and by a custom fingerprint", async () => {
    const events = await world.database.prisma.event.findMany({ where: { projectId: world.projectId }, select: { groupId: true } });
    const groups = await world.database.prisma.group.findMany({ where: { projectId: world.projectId }, select: { id: true, title: true, timesSeen: true } });
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
