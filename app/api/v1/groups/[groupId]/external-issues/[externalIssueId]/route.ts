import { deleteExternalIssueHandler } from "@/lib/http/handlers/external-issues";

export const dynamic = "force-dynamic";

export const DELETE = deleteExternalIssueHandler;
