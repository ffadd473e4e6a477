import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { getIssue, getUserEmail, listStatuses, listTransitions, searchAssignableUsers, setIssueAssignee, transitionIssue } from "./rest-resources";
import { JiraApiError, JiraRestClient } from "./signed-rest-client";

describe("Jira REST client against the fake Jira site", () => {
  const jira = new FakeJira();
  let client: JiraRestClient;

  beforeAll(async () => {
    await jira.start();
    jira.sharedSecret = "secret-for-rest-client-test";
    client = new JiraRestClient({ baseUrl: jira.baseUrl, appKey: "tether.test", sharedSecret: jira.sharedSecret }, { timeoutMs: 2000 });
  });
  afterAll(() => jira.stop());

  it("signs every call with a Connect JWT the site accepts", async () => {
    const statuses = await listStatuses(client);
    expect(statuses.find((s) => s.id === "10101")?.statusCategory?.key).toBe("done");
    expect(jira.requests.at(-1)?.authorized).toBe(true);
  });

  it("assigns, transitions and reads issues", async () => {
    const issue = jira.addIssue();
    const [alice] = await searchAssignableUsers(client, issue.key, "alice@example.com");
    await setIssueAssignee(client, issue.key, alice.accountId);
    const transitions = await listTransitions(client, issue.key);
    await transitionIssue(client, issue.key, transitions.find((t) => t.to.id === "10101")!.id);
    const read = await getIssue(client, issue.key);
    expect(read.fields.assignee?.accountId).toBe("acc-alice");
    expect(read.fields.status?.id).toBe("10101");
    expect(await getUserEmail(client, "acc-bob")).toBe("bob@example.com");
  });

  it("turns failures into JiraApiError with status, message and Retry-After", async () => {
    jira.failNext("/rest/api/2/status", { status: 429, retryAfter: 7 });
    const limited = await listStatuses(client).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(JiraApiError);
    expect((limited as JiraApiError).retryAfterSeconds).toBe(7);
    const missing = await getIssue(client, "NOPE-1").catch((e: unknown) => e);
    expect((missing as JiraApiError).status).toBe(404);
    const wrongSecret = new JiraRestClient({ baseUrl: jira.baseUrl, appKey: "x", sharedSecret: "wrong" });
    const denied = await listStatuses(wrongSecret).catch((e: unknown) => e);
    expect((denied as JiraApiError).status).toBe(401);
    expect((denied as JiraApiError).message).toMatch(/Unauthorized/);
  });

  it("times out instead of hanging on a slow site", async () => {
    jira.failNext("/rest/api/2/status", { status: 0, delayMs: 800 });
    const slow = new JiraRestClient({ baseUrl: jira.baseUrl, appKey: "x", sharedSecret: "secret-for-rest-client-test" }, { timeoutMs: 200 });
    const error = await listStatuses(slow).catch((e: unknown) => e);
    expect((error as JiraApiError).message).toMatch(/did not answer in time/);
  });
});
