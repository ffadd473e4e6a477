import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSentrySdkWorld, type SentrySdkWorld } from "@/lib/testing/sentry-sdk-world";
import { findUnstorableText } from "@/lib/text/unstorable-text";

// A real SDK sending a lone surrogate: @sentry/node truncates values to maxValueLength UTF-16
// units, which can cut an emoji's surrogate pair in half. Its own file: the SDK keeps one global
// client, and this one is configured differently from sentry-node-sdk.test.ts's.

describe("@sentry/node cutting a surrogate pair with maxValueLength", () => {
  let world: SentrySdkWorld;
  beforeAll(async () => {
    world = await openSentrySdkWorld({ defaultIntegrations: false, maxValueLength: 10 });
  });
  afterAll(() => world?.close());

  it("stores the event with U+FFFD where the half pair was, instead of losing it", async () => {
    Sentry.captureException(new Error("abcdefghi😀 boom"));
    expect(await Sentry.flush(5000)).toBe(true);
    const events = await world.database.prisma.event.findMany({ where: { projectId: world.projectId } });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(findUnstorableText(JSON.parse(JSON.stringify(event)))).toBeNull();
    expect(JSON.stringify(event?.payload)).toContain("abcdefghi\ufffd");
  });
});
