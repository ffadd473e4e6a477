import { describe, expect, it } from "vitest";
import { buildMetricAlertMessage, METRIC_ALERT_COLORS, metricAlertDetailsUrl, metricAlertValueText } from "./metric-alert-message";
import { tetherPublicBaseUrl as tetherBaseUrl } from "./app-settings";

describe("metric alert message (behaviour.md §10)", () => {
  const dateStarted = new Date("2026-11-25T10:00:00.900Z");
  const url = metricAlertDetailsUrl("https://tether.example.test", { organizationSlug: "acme", alertRuleId: "rule1", incidentIdentifier: 7, notificationUuid: "5b7c1c43-3a55-4c43-9a62-7c3c2d0b6f10" });

  it("links the alert details with the incident, the referrer, the detection type and the notification uuid", () => {
    expect(url).toBe(
      "https://tether.example.test/o/acme/alerts/rule1?alert=7&referrer=metric_alert_discord&detection_type=static&notification_uuid=5b7c1c43-3a55-4c43-9a62-7c3c2d0b6f10",
    );
  });

  it("is one embed titled and coloured by status, with the count, the window and the start, and no components", () => {
    expect(buildMetricAlertMessage({ ruleName: "Checkout errors", status: "critical", value: 5000, windowMinutes: 10, dateStarted, url })).toEqual({
      content: "",
      embeds: [{ title: "Critical: Checkout errors", url, description: "5000 events in the last 10 minutes\nStarted <t:1795600800:R>", color: 16402247 }],
      components: [],
    });
    const titles = (["resolved", "warning", "critical"] as const).map((status) => {
      const embed = buildMetricAlertMessage({ ruleName: "R", status, value: 1, windowMinutes: 5, dateStarted, url }).embeds?.[0];
      return [embed?.title, embed?.color];
    });
    expect(titles).toEqual([
      ["Resolved: R", 5097329],
      ["Warning: R", 16761383],
      ["Critical: R", 16402247],
    ]);
    expect(METRIC_ALERT_COLORS).toEqual({ resolved: 5097329, warning: 16761383, critical: 16402247 });
  });

  it("keeps \"events\" for one event and says \"minute\" for a one-minute window", () => {
    expect(metricAlertValueText(1, 1)).toBe("1 events in the last 1 minute");
    expect(metricAlertValueText(0, 60)).toBe("0 events in the last 60 minutes");
  });

  it("keeps a long rule name within Discord's 256-character title", () => {
    const title = buildMetricAlertMessage({ ruleName: "x".repeat(400), status: "warning", value: 1, windowMinutes: 5, dateStarted, url }).embeds?.[0]?.title;
    expect(title).toHaveLength(256);
    expect(title?.startsWith("Warning: xxx")).toBe(true);
  });

  it("links to TETHER_BASE_URL, else NEXTAUTH_URL, without a trailing slash", () => {
    expect(tetherBaseUrl({ TETHER_BASE_URL: "https://t.example/", NEXTAUTH_URL: "https://n.example" })).toBe("https://t.example");
    expect(tetherBaseUrl({ NEXTAUTH_URL: "https://n.example" })).toBe("https://n.example");
    expect(tetherBaseUrl({ PORT: "4000" })).toBe("http://localhost:4000");
    // An empty setting is no setting (an alert link must never be relative).
    expect(tetherBaseUrl({ TETHER_BASE_URL: "", NEXTAUTH_URL: "https://n.example" })).toBe("https://n.example");
  });
});
