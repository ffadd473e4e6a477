import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EventView } from "@/components/events/event-view";
import { SDK_EVENT_FIXTURES } from "@/lib/domain/events/fixtures";
import { parseStoredFrames } from "@/lib/domain/events/stored-event";
import { parseStoredSdkPayload } from "@/lib/domain/events/stored-sdk-payload";
import type { GroupEventDetail } from "@/lib/domain/groups/get-group-event";
import { CHECKOUT_FRAMES } from "@/lib/testing/group-fixtures";

// The event view rendered on the server as the group page does, for an event from the JSON API
// (as before: one stack trace, no SDK sections) and for events the SDKs sent.

const base: GroupEventDetail = {
  id: "ev_1",
  eventId: "0123456789abcdef0123456789abcdef",
  timestamp: "2026-11-26T03:20:00.000Z",
  level: "error",
  title: "TypeError: Cannot read properties of undefined (reading 'amount')",
  message: null,
  culprit: "src/cart/price.ts in totalPrice",
  exceptionType: "TypeError",
  exceptionValue: "Cannot read properties of undefined (reading 'amount')",
  stack: parseStoredFrames(CHECKOUT_FRAMES),
  tags: { browser: "Chrome 131" },
  user: null,
  release: "web@4.9.0",
  environment: "production",
  platform: null,
  transaction: null,
  sdk: null,
  olderId: null,
  newerId: null,
};

const render = (event: GroupEventDetail) => renderToStaticMarkup(createElement(EventView, { event, basePath: "/o/acme/groups/g1", isLatest: true }));

describe("EventView", () => {
  it("renders a JSON API event as before: its stack trace, no SDK sections", () => {
    const html = render(base);
    expect(html).toContain('aria-label="Stack trace"');
    expect(html).toContain("return items.reduce((sum, item) =&gt; sum + item.price.amount, 0);");
    for (const section of ["Exception", "Breadcrumbs", "Request", "Contexts"]) expect(html).not.toContain(`aria-label="${section}"`);
    expect(html).not.toContain("Transaction");
  });

  for (const name of ["node", "browser", "python"] as const) {
    it(`renders the ${name} SDK event's chain, breadcrumbs and contexts, and never a credential`, () => {
      const sdk = parseStoredSdkPayload(SDK_EVENT_FIXTURES[name])!;
      const html = render({ ...base, sdk });
      expect(html).toContain('aria-label="Exception"');
      expect(html).toContain("Caused by");
      expect(html).toContain('aria-label="Breadcrumbs"');
      expect(html).toContain('aria-label="Contexts"');
      expect(html).toContain("data-current-line");
      expect(html).not.toContain('aria-label="Stack trace"');
      expect(html).not.toContain("should-never-show");
      if (sdk.request) expect(html).toContain('aria-label="Request"');
    });
  }

  it("says how many parts could not be read", () => {
    const sdk = parseStoredSdkPayload({ exception: { values: [{ type: "E", value: "v" }, 5] }, breadcrumbs: [3] })!;
    expect(render({ ...base, sdk })).toContain("2 parts of what the SDK sent could not be read");
  });
});
