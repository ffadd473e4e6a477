import { expect, test, type Page, type Response } from "@playwright/test";
import { signInAsDemo } from "./sign-in";

/** Records every Content-Security-Policy violation the page reports, from its first script on. */
async function watchForViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

function expectPageHeaders(response: Response | null): void {
  expect(response, "no response").not.toBeNull();
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
}

test("defect 12: the sign-in page sends the security headers and runs without a policy violation", async ({ page }) => {
  const violations = await watchForViolations(page);
  const response = await page.goto("/signin");
  expectPageHeaders(response);
  // An enabled button means React hydrated: the page's scripts were allowed to run.
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  expect(violations).toEqual([]);
});

test("defect 12: a group page runs without a policy violation", async ({ page }) => {
  const violations = await watchForViolations(page);
  await signInAsDemo(page);
  const href = await page.locator('a[href^="/o/acme/groups/"]').first().getAttribute("href");
  const response = await page.goto(href ?? "");
  expectPageHeaders(response);
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});

test("defect 12: Jira may frame its pages, HSTS only over https", async ({ request }) => {
  const jira = (await request.get("/jira/configure")).headers();
  expect(jira["content-security-policy"]).toContain("frame-ancestors https://*.atlassian.net https://*.jira.com");
  expect(jira["x-frame-options"]).toBeUndefined();
  // The test server is plain http; behind an https proxy the forwarded protocol says so.
  expect((await request.get("/signin")).headers()["strict-transport-security"]).toBeUndefined();
  expect((await request.get("/signin", { headers: { "x-forwarded-proto": "https" } })).headers()["strict-transport-security"]).toMatch(/^max-age=/);
});
