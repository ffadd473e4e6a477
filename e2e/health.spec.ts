import { expect, test } from "@playwright/test";

test("the health endpoint reports a migrated embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { kind: "pglite", reachable: true }, migrations: { pending: 0 } });
  expect(body.migrations.applied).toBeGreaterThan(0);
  expect(typeof body.version).toBe("string");
  expect(response.headers()["cache-control"]).toContain("no-store");
});
