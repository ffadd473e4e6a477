import { handleJiraIssueUpdated } from "@/lib/http/handlers/jira-issue-updated";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute(({ db, request }) => handleJiraIssueUpdated(db, request));
