import type { Metadata } from "next";
import { ApiTokensManager } from "@/components/tokens/api-tokens-manager";
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
    <div className="mx-auto max-w-5xl space-y-4 p-6">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">API tokens</h1>
        <p className="text-sm text-slate-500">
          Tokens let programs (CI, bots, SDKs) call Tether&apos;s API as this organization. Send them as <code className="text-xs">Authorization: Bearer &lt;token&gt;</code>.
        </p>
      </div>
      {isAdmin ? (
        <ApiTokensManager
          orgSlug={orgSlug}
          scopes={API_SCOPES}
          initialTokens={tokens}
        />
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">Only owners and admins of {access.organization.name} can manage API tokens.</div>
      )}
    </div>
  );
}
