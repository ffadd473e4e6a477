import { handleJiraUninstalled } from "@/lib/integrations/jira/lifecycle-requests";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute(({ db, request }) => handleJiraUninstalled(db, request));
