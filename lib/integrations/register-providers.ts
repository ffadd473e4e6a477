import { registerIssueSyncProvider } from "./provider";
import { jiraIssueSyncProvider } from "./jira/outbound-issue-sync";

/** Makes every issue tracker Tether speaks to known to the outbound queue. */
export function registerIssueSyncProviders(): void {
  registerIssueSyncProvider("jira", jiraIssueSyncProvider);
}
