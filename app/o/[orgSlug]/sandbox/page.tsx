import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { SandboxJiraIssues } from "@/components/sandbox/sandbox-jira-issues";
import { Badge } from "@/components/ui/badge";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getDb } from "@/lib/db/client";
import { sandboxIntegrationFor } from "@/lib/sandbox/issues";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sandbox Jira" };

export default async function SandboxJiraPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/sandbox`);
  const sandbox = await sandboxIntegrationFor(await getDb(), access.organization.id);
  if (!sandbox) notFound();
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4 sm:p-6">
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold text-fg">Sandbox Jira</h1>
          <Badge tone="warning" className="tracking-wide uppercase">Sandbox</Badge>
        </div>
        <p className="text-sm text-fg-muted">
          A stand-in Jira Cloud site served by Tether itself for the demo. It is installed and linked like a real site, but nothing here leaves this server.
        </p>
      </div>
      <section aria-labelledby="sandbox-try" className="rounded-lg border border-line bg-surface-muted p-4 text-sm text-fg-muted [overflow-wrap:anywhere]">
        <h2 id="sandbox-try" className="mb-2 font-semibold text-fg">What to try</h2>
        <ol className="list-decimal space-y-1 pl-5">
          <li>
            Change an issue&apos;s <span className="font-medium text-fg">status</span> or <span className="font-medium text-fg">assignee</span> below: the sandbox sends Tether a signed
            jira:issue_updated webhook and the linked group follows (Done resolves it; the assignee is matched by email).
          </li>
          <li>Assign or resolve a linked group in Tether: the change goes out through the job queue and shows here a moment later.</li>
          <li>Open a group and use Create Jira issue or Link existing issue: the sandbox answers like Jira, field errors included (try the Bug type).</li>
          <li>
            Watch every step in{" "}
            <Link href={`/o/${orgSlug}/sync`} className="font-medium text-accent hover:underline">
              Sync history
            </Link>
            .
          </li>
        </ol>
      </section>
      <Suspense>
        <SandboxJiraIssues orgSlug={orgSlug} />
      </Suspense>
    </div>
  );
}
