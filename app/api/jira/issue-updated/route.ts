import { handleJiraIssueUpdated } from "@/lib/integrations/jira/issue-updated";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute(({ db, request }) => handleJiraIssueUpdated(db, request));
