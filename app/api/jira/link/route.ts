import { linkJiraSiteHandler } from "@/lib/http/handlers/jira-link";

export const dynamic = "force-dynamic";

export const POST = linkJiraSiteHandler;
