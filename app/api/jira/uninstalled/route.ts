import { handleJiraUninstalled } from "@/lib/http/handlers/jira-lifecycle";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute(({ db, request }) => handleJiraUninstalled(db, request));
