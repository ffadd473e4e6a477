import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { loadJiraConfigurePage } from "@/lib/integrations/jira/configure-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Configure Tether for Jira" };

/** Opened by Jira (in its admin UI) with a signed `jwt` query parameter. */
export default async function JiraConfigurePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = await loadJiraConfigurePage(await getDb(), await searchParams);
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-xl font-semibold">Tether for Jira</h1>
      {state.ok ? (
        <div className="mt-4 space-y-4 text-sm text-slate-700">
          <p>
            This Jira site (<span className="font-medium">{state.siteName}</span>, {state.siteUrl}) has Tether installed. Link it to a Tether
            organization to create Jira issues from error groups and keep assignee and status in sync.
          </p>
          {state.linkedOrganizations.length > 0 ? (
            <p>
              Linked to:{" "}
              {state.linkedOrganizations.map((org) => (
                <span key={org.slug} className="mr-2 rounded bg-slate-100 px-2 py-0.5 font-medium">
                  {org.name}
                </span>
              ))}
            </p>
          ) : (
            <p className="text-amber-700">Not linked to any organization yet: webhooks from this site are ignored until you link it.</p>
          )}
          <a
            href={`/jira/link?token=${encodeURIComponent(state.linkToken)}`}
            target="_blank"
            rel="noopener"
            className="inline-block rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500"
          >
            Link to a Tether organization
          </a>
          <p className="text-xs text-slate-500">Opens Tether in a new tab; sign in there as an owner or admin. The link is valid for 30 minutes.</p>
        </div>
      ) : (
        <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.reason}
        </p>
      )}
    </main>
  );
}
