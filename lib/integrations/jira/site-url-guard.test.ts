import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { getServerInfo } from "./rest-resources";
import { fetchJiraSite } from "./guarded-fetch";
import { JiraApiError, JiraRestClient } from "./signed-rest-client";
import { ATLASSIAN_CLOUD_HOST_SUFFIXES, jiraAppSettings, jiraSiteUrlSchema } from "./app-settings";
import { JiraSiteRefusedError, checkedLookup, jiraSiteUrlProblem, type Resolver } from "./site-url-guard";

// Defect 4 (issue 9): only the scheme of the Jira site URL was checked, so an install could point
// Tether's outbound calls at loopback, private and link-local addresses, and redirects were followed.

const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });
const strict = { allowInsecureSites: false, allowedHostSuffixes: [...ATLASSIAN_CLOUD_HOST_SUFFIXES, "jira.internal.test", "localhost"] };
const insecure = { ...strict, allowInsecureSites: true };
const fixed =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JiraSiteRefusedError) return error.message;
    throw error;
  }
  return "accepted";
}

describe("defect 4: which Jira site URLs Tether calls", () => {
  it("defect 4: accepts only https Atlassian Cloud hosts by default", () => {
    const defaults = { allowInsecureSites: false, allowedHostSuffixes: jiraAppSettings(env({})).allowedHostSuffixes };
    const problem = (url: string) => jiraSiteUrlProblem(new URL(url), defaults);
    for (const ok of ["https://acme.atlassian.net", "https://ACME.atlassian.net./", "https://acme.jira.com", "https://acme.atlassian.net:443/wiki"]) expect(problem(ok)).toBeNull();
    for (const bad of [
      "https://127.0.0.1:8443",
      "https://[::1]",
      "https://[::ffff:127.0.0.1]",
      "https://0x7f000001",
      "https://2130706433",
      "https://10.0.0.1",
      "https://169.254.169.254/latest/meta-data",
      "https://localhost",
      "https://evil.example",
      "https://acme.atlassian.net.evil.example",
      "https://evilatlassian.net",
      "http://acme.atlassian.net",
      "https://user:pass@acme.atlassian.net",
      "ftp://acme.atlassian.net",
    ]) {
      expect(problem(bad), bad).not.toBeNull();
    }
  });

  it("defect 4: TETHER_JIRA_ALLOWED_HOSTS adds host suffixes; the insecure test setting adds loopback only", () => {
    const settings = jiraAppSettings(env({ TETHER_JIRA_ALLOWED_HOSTS: " jira.example.org, *.tracker.example.com " }));
    expect(settings.allowedHostSuffixes).toEqual(["atlassian.net", "jira.com", "jira.example.org", "tracker.example.com"]);
    expect(jiraSiteUrlProblem(new URL("https://jira.example.org"), settings)).toBeNull();
    expect(jiraSiteUrlProblem(new URL("https://eu.tracker.example.com"), settings)).toBeNull();
    expect(jiraSiteUrlProblem(new URL("https://example.org"), settings)).not.toBeNull();
    const tests = jiraAppSettings(env({ JIRA_ALLOW_INSECURE_BASE_URL: "1" }));
    expect(jiraSiteUrlProblem(new URL("http://127.0.0.1:3551"), tests)).toBeNull();
    expect(jiraSiteUrlProblem(new URL("http://evil.example"), tests)).not.toBeNull();
    expect(jiraSiteUrlSchema(jiraAppSettings(env({}))).safeParse("https://127.0.0.1:3551").success).toBe(false);
    for (const junk of ["not a url", "", "http://", "https://[::1", "javascript:alert(1)"]) expect(jiraSiteUrlSchema(tests).safeParse(junk).success, junk).toBe(false);
  });

  it("defect 4: refuses a host when any of its addresses is loopback, private, link-local or IPv4-mapped", async () => {
    const call = (resolver: Resolver, settings = strict) => refusal(fetchJiraSite(new URL("https://acme.jira.internal.test/rest/api/2/serverInfo"), { method: "GET", headers: {} }, settings, resolver));
    expect(await call(fixed("10.1.2.3"))).toMatch(/private address \(10\.1\.2\.3\)/);
    expect(await call(fixed("93.184.216.34", "127.0.0.1"))).toMatch(/loopback address/);
    expect(await call(fixed("169.254.169.254"))).toMatch(/link-local/);
    expect(await call(fixed("::ffff:192.168.1.1"))).toMatch(/private/);
    expect(await call(fixed("fd00::1"))).toMatch(/private/);
    expect(await call(fixed("0.0.0.0"))).toMatch(/unspecified/);
    // Real DNS: localhost is allowed by name here, but resolves to loopback.
    expect(await refusal(fetchJiraSite(new URL("https://localhost:3552/"), { method: "GET", headers: {} }, strict))).toMatch(/loopback/);
  });

  it("defect 4: the connection goes to the address that was checked (no second lookup to rebind)", async () => {
    const answers = [["93.184.216.34"], ["127.0.0.1"]];
    let calls = 0;
    const rebinding: Resolver = async () => (answers[Math.min(calls++, 1)] ?? []).map((address) => ({ address, family: 4 }));
    const lookup = checkedLookup(strict, rebinding);
    const result = await new Promise<unknown>((resolve, reject) => lookup("acme.atlassian.net", { all: true }, (error, address) => (error ? reject(error) : resolve(address))));
    expect(result).toEqual([{ address: "93.184.216.34", family: 4 }]);
    expect(calls).toBe(1);
    await expect(new Promise((resolve, reject) => lookup("acme.atlassian.net", {}, (error, address) => (error ? reject(error) : resolve(address))))).rejects.toBeInstanceOf(JiraSiteRefusedError);
  });
});

describe("defect 4: redirects from a Jira site are refused, not followed", () => {
  const jira = new FakeJira();
  let internal: Server;
  let internalUrl = "";
  let internalHits = 0;

  beforeAll(async () => {
    await jira.start();
    jira.sharedSecret = "secret-for-redirect-test";
    internal = createServer((_req, res) => {
      internalHits += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ serverTitle: "internal admin console" }));
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    internalUrl = `http://localhost:${(internal.address() as AddressInfo).port}/admin`;
  });
  afterAll(async () => {
    await jira.stop();
    await new Promise((resolve) => internal.close(resolve));
  });

  it("defect 4: a 302 to an internal http URL is refused even with the insecure test setting on", async () => {
    const client = new JiraRestClient({ baseUrl: jira.baseUrl, appKey: "tether.test", sharedSecret: "secret-for-redirect-test" }, { timeoutMs: 2000, guard: insecure });
    expect((await getServerInfo(client)).serverTitle).toBe("Fake Jira");
    for (const location of [internalUrl, `${jira.baseUrl}/rest/api/2/serverInfo`]) {
      jira.failNext("/rest/api/2/serverInfo", { status: 302, headers: { location } });
      const error = await getServerInfo(client).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraApiError);
      expect((error as JiraApiError).message).toMatch(/answered 302 redirecting to .*; Tether does not follow redirects/);
      expect((error as JiraApiError).transient).toBe(false);
    }
    expect(internalHits).toBe(0);
  });

  it("defect 4: with the insecure setting off, the loopback fake site itself is refused before any request", async () => {
    const before = jira.requests.length;
    const client = new JiraRestClient({ baseUrl: jira.baseUrl, appKey: "tether.test", sharedSecret: "secret-for-redirect-test" }, { guard: { ...strict, allowedHostSuffixes: ["atlassian.net"] } });
    const error = await getServerInfo(client).catch((e: unknown) => e);
    expect((error as JiraApiError).kind).toBe("refused");
    expect(jira.requests.length).toBe(before);
  });
});
