import { describe, expect, it } from "vitest";
import { issueAlertMessage, LEVEL_COLORS, type IssueAlertMessageInput } from "./issue-alert-message";

const base: IssueAlertMessageInput = {
  group: { id: "g1", shortId: 36, title: "TypeError: x is undefined", status: "unresolved", lastSeen: new Date("2026-01-02T00:00:00Z") },
  project: { slug: "api", hasReleases: false },
  organization: { slug: "acme" },
  event: { title: "TypeError: x is undefined", exceptionType: "TypeError", exceptionValue: "x is undefined", level: "error", tags: { browser: "Firefox", os: "" }, environment: "prod", timestamp: new Date("2026-01-03T00:00:00Z") },
  rule: { id: "r1", name: "Backend" },
  baseUrl: "https://tether.example",
  notificationUuid: "n-1",
  tags: ["os", "browser", "missing"],
};

describe("issue alert message", () => {
  it("has the §10 embed: type as title, value as description, group URL with the alert's ids, short id and rule in the footer", () => {
    const message = issueAlertMessage(base);
    expect(message.content).toBe("");
    expect(message.embeds).toEqual([
      {
        title: "TypeError",
        description: "x is undefined",
        url: "https://tether.example/o/acme/groups/g1?referrer=discord&alert_rule_id=r1&alert_type=issue&environment=prod&notification_uuid=n-1",
        color: 14695983,
        footer: { text: "API-10 via Backend" },
        // Only configured tags the event has (an empty value is not shown: Discord refuses empty fields).
        fields: [{ name: "browser", value: "Firefox", inline: true }],
        // The later of the group's last seen and the event's time.
        timestamp: "2026-01-03T00:00:00.000Z",
      },
    ]);
  });

  it("colours by level, and uses the title without a description for events without an exception", () => {
    for (const [level, color] of Object.entries(LEVEL_COLORS)) {
      expect(issueAlertMessage({ ...base, event: { ...base.event!, level } }).embeds?.[0].color).toBe(color);
    }
    const embed = issueAlertMessage({ ...base, event: { ...base.event!, exceptionType: null, exceptionValue: null, title: "Disk full" } }).embeds?.[0];
    expect(embed?.title).toBe("Disk full");
    expect(embed).not.toHaveProperty("description");
    expect(issueAlertMessage({ ...base, event: { ...base.event!, exceptionValue: "  " } }).embeds?.[0]).not.toHaveProperty("description");
  });

  it("says how many firings were collapsed into it, and names a test alert when there is no rule", () => {
    const message = issueAlertMessage({ ...base, collapsed: 4 });
    expect(message.content).toBe("This alert fired 5 times for this issue.");
    expect(message.embeds?.[0].footer?.text).toBe("API-10 via Backend (+4 other)");
    expect(issueAlertMessage({ ...base, rule: null }).embeds?.[0].footer?.text).toBe("API-10 via Test Alert");
  });

  it("offers the buttons of the group's state", () => {
    const labels = (input: Partial<IssueAlertMessageInput>) =>
      (issueAlertMessage({ ...base, ...input }).components?.[0] as { components: { custom_id: string }[] }).components.map((button) => button.custom_id);
    expect(labels({})).toEqual(["resolve:g1", "archive:g1", "assign_dialog:g1"]);
    expect(labels({ project: { slug: "api", hasReleases: true } })).toEqual(["resolve_dialog:g1", "archive:g1", "assign_dialog:g1"]);
    expect(labels({ group: { ...base.group, status: "resolved" } })).toEqual(["unresolve:g1", "archive:g1", "assign_dialog:g1"]);
    expect(labels({ group: { ...base.group, status: "ignored" } })).toEqual(["resolve:g1", "mark_ongoing:g1", "assign_dialog:g1"]);
  });
});
