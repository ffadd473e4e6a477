import type { JiraSiteUser } from "./jira-core";

/**
 * The sandbox site's people: the demo organization's members (same emails, so assignee sync finds
 * them), plus one whose email Jira hides and one Tether does not know.
 */
export const SANDBOX_JIRA_USERS: readonly JiraSiteUser[] = [
  { accountId: "sandbox-dana", displayName: "Dana Demo", email: "demo@tether.local" },
  { accountId: "sandbox-maya", displayName: "Maya Chen", email: "maya.chen@tether.local" },
  { accountId: "sandbox-sam", displayName: "Sam Rivera", email: "sam.rivera@tether.local" },
  { accountId: "sandbox-priya", displayName: "Priya Patel", email: "priya.patel@tether.local", hideEmail: true },
  { accountId: "sandbox-jonas", displayName: "Jonas Weber", email: "jonas.weber@tether.local" },
  { accountId: "sandbox-quinn", displayName: "Quinn Contractor", email: "quinn@contractor.example" },
];
