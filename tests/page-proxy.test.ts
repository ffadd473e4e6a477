// Defect 9 for dashboard pages: a NUL, an unpaired surrogate or malformed percent-encoding in a
// page's path or query answers 400 before the page can look it up in the database.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

const page = (pathAndQuery: string) => proxy(new NextRequest(`https://tether.test${pathAndQuery}`));

describe("defect 9: page requests with unstorable text", () => {
  it.each([
    "/o/acme/groups?query=%00",
    "/o/acme/groups?query=100%",
    "/o/acme/groups/%00",
    "/o/%ED%A0%80/groups",
    "/o/acme/groups?project=a%00b",
  ])("%s answers 400 invalid_characters", async (url) => {
    const response = page(url);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_characters" } });
  });

  it("lets ordinary page requests through", () => {
    for (const url of ["/o/acme/groups?query=payment-service&status=unresolved", "/o/acme/groups/clx123", "/signin?callbackUrl=%2Fo%2Facme"]) {
      expect(page(url).headers.get("x-middleware-next")).toBe("1");
    }
  });

  it("leaves the API and static files to their own checks", () => {
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    expect(matcher.test("/api/v1/groups/x")).toBe(false);
    expect(matcher.test("/_next/static/chunk.js")).toBe(false);
    expect(matcher.test("/o/acme/groups")).toBe(true);
  });
});

describe("trailing slashes on pages", () => {
  // next.config's skipTrailingSlashRedirect (for the SDK endpoints) turns Next's own redirect off.
  it("redirects a page path with a trailing slash to the one without, keeping the query", () => {
    const response = page("/o/acme/groups/?status=unresolved");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("https://tether.test/o/acme/groups?status=unresolved");
    expect(page("/").headers.get("x-middleware-next")).toBe("1");
  });
});
