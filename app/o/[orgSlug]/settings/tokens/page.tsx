import type { Metadata } from "next";
import { ApiTokensManager } from "@/components/tokens/api-tokens-manager";
import { Panel, PageHeader } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/page-access";
import { API_SCOPES, scopeGranted } from "@/lib/auth/scopes";
import { listApiTokens } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePageAccess(orgSlug, `/o/${orgSlug}/settings/tokens`);
  const isAdmin = scopeGranted(access.scopes, "org:admin");
  const tokens = isAdmin ? await listApiTokens(await getDb(), access.organization.id) : [];
  return (
    <div className="mx-auto max-w-5xl space-y-4 p-4 sm:p-6">
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let programs (CI, bots, SDKs) call Tether&apos;s API as this organization. Send them as <code className="text-xs break-all">Authorization: Bearer &lt;token&gt;</code>.
          </>
        }
      />
      {isAdmin ? (
        <ApiTokensManager
          orgSlug={orgSlug}
          scopes={API_SCOPES}
          initialTokens={tokens}
        />
      ) : (
        <Panel>
          <p className="text-sm text-fg-muted">Only owners and admins of {access.organization.name} can manage API tokens.</p>
        </Panel>
      )}
    </div>
  );
}
