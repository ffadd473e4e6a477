import type { Metadata } from "next";
import { buttonClass } from "@/components/ui/button";
import { getDb } from "@/lib/db/client";
import { loadJiraConfigurePage } from "@/lib/integrations/jira/configure-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Configure Tether for Jira" };

/** Opened by Jira (in its admin UI) with a signed `jwt` query parameter. */
export default async function JiraConfigurePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = await loadJiraConfigurePage(await getDb(), await searchParams);
  return (
    <main id="main-content" className="mx-auto max-w-xl px-4 py-8 sm:p-8">
      <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-fg">Tether for Jira</h1>
      {state.ok ? (
        <div className="mt-4 space-y-4 text-sm text-fg">
          <p>
            This Jira site (<span className="font-medium">{state.siteName}</span>, {state.siteUrl}) has Tether installed. Link it to a Tether
            organization to create Jira issues from error groups and keep assignee and status in sync.
          </p>
          {state.linkedOrganizations.length > 0 ? (
            <p>
              Linked to:{" "}
              {state.linkedOrganizations.map((org) => (
                <span key={org.slug} className="mr-2 rounded bg-surface-muted px-2 py-0.5 font-medium">
                  {org.name}
                </span>
              ))}
            </p>
          ) : (
            <p className="text-warning">Not linked to an organization yet: webhooks from this site are ignored until you link it.</p>
          )}
          <a
            href={`/jira/link?token=${encodeURIComponent(state.linkToken)}`}
            target="_blank"
            rel="noopener"
            className={buttonClass("primary")}
          >
            Link to a Tether organization
          </a>
          <p className="text-xs text-fg-subtle">Opens Tether in a new tab; sign in there as an owner or admin. The link is valid for 30 minutes.</p>
        </div>
      ) : (
        <p role="alert" className="mt-4 rounded-md border border-danger-line bg-danger-soft p-3 text-sm text-danger">
          {state.reason}
        </p>
      )}
      </div>
    </main>
  );
}
