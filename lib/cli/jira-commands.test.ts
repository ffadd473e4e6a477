import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { sealSecrets } from "@/lib/crypto/secrets";
import { createTestDatabase } from "@/lib/testing/db";
import { createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { runCli } from "./run-cli";

async function cli(database: Database, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, database });
  return { code, stdout, stderr };
}

describe("tether jira commands", () => {
  let database: Database;
  let orgSlug: string;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    orgSlug = (await createOrganizationWithProject(database.prisma)).organization.slug;
    await database.prisma.integration.create({
      data: { provider: "jira", externalId: "client-123", name: "Acme Jira", metadata: { base_url: "https://acme.atlassian.net" }, secrets: sealSecrets({ shared_secret: "s3cret-s3cret" }) },
    });
  });
  afterAll(() => database.close());

  it("lists installed sites, links one to an organization, and is idempotent", async () => {
    const before = JSON.parse((await cli(database, "jira", "sites", "--json")).stdout) as { clientKey: string; organizations: string[] }[];
    expect(before).toEqual([expect.objectContaining({ clientKey: "client-123", organizations: [] })]);
    const linked = await cli(database, "jira", "link", "--client-key", "client-123", "--org", orgSlug, "--json");
    expect(linked.code).toBe(0);
    expect(JSON.parse(linked.stdout)).toMatchObject({ site: "https://acme.atlassian.net" });
    expect((await cli(database, "jira", "link", "--client-key", "client-123", "--org", orgSlug)).code).toBe(0);
    const after = JSON.parse((await cli(database, "jira", "sites", "--json")).stdout) as { organizations: string[] }[];
    expect(after[0].organizations).toEqual([orgSlug]);
    const config = (await database.prisma.organizationIntegration.findFirstOrThrow()).config;
    expect(config).toMatchObject({ sync_forward_assignment: true, sync_reverse_assignment: true, sync_status_reverse: true });
  });

  it("fails clearly for unknown sites and organizations and for missing options", async () => {
    const unknownSite = await cli(database, "jira", "link", "--client-key", "nope", "--org", orgSlug);
    expect(unknownSite.code).toBe(1);
    expect(unknownSite.stderr).toMatch(/No Jira site is installed/);
    expect((await cli(database, "jira", "link", "--client-key", "client-123", "--org", "no-such-org")).code).toBe(1);
    expect((await cli(database, "jira", "link", "--org", orgSlug)).code).toBe(2);
  });
});
