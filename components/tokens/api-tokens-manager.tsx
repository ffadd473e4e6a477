"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApiTokenView } from "@/lib/auth/tokens";

interface CreatedToken {
  id: string;
  name: string;
  token: string;
}

const SCOPE_HELP: Record<string, string> = {
  "events:write": "send events to the ingestion API",
  "issues:read": "read groups, events and activity",
  "issues:write": "assign, resolve, archive, link external issues",
  "org:admin": "everything, including API tokens",
};

function CreatedTokenBox({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm">
      <p className="font-medium text-emerald-900">Token “{created.name}” created. Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex items-center gap-2">
        <input
          readOnly
          aria-label="New API token"
          value={created.token}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-2.5 py-1.5 font-mono text-xs text-slate-900"
        />
        <button
          type="button"
          className="rounded-md bg-emerald-700 px-3 py-1.5 text-xs font-medium text-white hover:bg-emerald-600"
          onClick={() => {
            void navigator.clipboard?.writeText(created.token).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="rounded-md border border-emerald-300 px-3 py-1.5 text-xs text-emerald-900 hover:bg-emerald-100" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function CreateTokenForm({ orgSlug, scopes, onCreated }: { orgSlug: string; scopes: readonly string[]; onCreated: (token: CreatedToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>(["issues:read"]);
  const create = useMutation({
    mutationFn: () => apiRequest<CreatedToken>(`/api/v1/organizations/${orgSlug}/api-tokens`, { method: "POST", body: { name, scopes: chosen } }),
    onSuccess: (token) => {
      setName("");
      setChosen(["issues:read"]);
      onCreated(token);
      void queryClient.invalidateQueries({ queryKey: ["api-tokens", orgSlug] });
    },
  });
  const fields = create.error instanceof ApiRequestError ? create.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading" className="text-sm font-semibold text-slate-900">
        Create a token
      </h2>
      <label className="block text-sm font-medium text-slate-700">
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="CI deploys"
          maxLength={100}
          className="mt-1 block w-full max-w-sm rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-normal focus:border-indigo-500 focus:outline-none"
        />
        {fields.name ? <span className="mt-1 block text-xs text-red-700">{fields.name.join(" ")}</span> : null}
      </label>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Scopes</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={chosen.includes(scope)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, scope] : chosen.filter((s) => s !== scope))}
              />
              <span>
                <code className="text-xs font-semibold">{scope}</code> <span className="text-xs text-slate-500">— {SCOPE_HELP[scope] ?? ""}</span>
              </span>
            </label>
          ))}
        </div>
        {fields.scopes ? <span className="mt-1 block text-xs text-red-700">{fields.scopes.join(" ")}</span> : null}
      </fieldset>
      {create.error && Object.keys(fields).length === 0 ? (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      ) : null}
      <button type="submit" disabled={create.isPending || !name.trim() || chosen.length === 0} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
        {create.isPending ? "Creating…" : "Create token"}
      </button>
    </form>
  );
}

/** The organization's API tokens: list, create (shown once), revoke. */
export function ApiTokensManager({ orgSlug, initialTokens, scopes }: { orgSlug: string; initialTokens: ApiTokenView[]; scopes: readonly string[] }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useQuery({
    queryKey: ["api-tokens", orgSlug],
    queryFn: async () => (await apiRequest<{ tokens: ApiTokenView[] }>(`/api/v1/organizations/${orgSlug}/api-tokens`)).tokens,
    initialData: initialTokens,
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => apiRequest(`/api/v1/organizations/${orgSlug}/api-tokens/${tokenId}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["api-tokens", orgSlug] }),
  });

  return (
    <div className="space-y-4">
      {created ? <CreatedTokenBox created={created} onDone={() => setCreated(null)} /> : null}
      <CreateTokenForm orgSlug={orgSlug} scopes={scopes} onCreated={setCreated} />
      <section aria-labelledby="tokens-heading" className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <h2 id="tokens-heading" className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
          Tokens
        </h2>
        {tokens.error ? (
          <p role="alert" className="px-4 py-3 text-sm text-red-700">
            Could not load the tokens: {tokens.error.message}
          </p>
        ) : null}
        {revoke.error ? (
          <p role="alert" className="px-4 py-2 text-sm text-red-700">
            {revoke.error.message}
          </p>
        ) : null}
        {tokens.data.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-500">No API tokens yet. Create one for CI or a bot above.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2">Token</th>
                <th scope="col" className="px-4 py-2">Scopes</th>
                <th scope="col" className="px-4 py-2">Created by</th>
                <th scope="col" className="px-4 py-2">Last used</th>
                <th scope="col" className="px-4 py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.data.map((token) => (
                <tr key={token.id} className={token.revokedAt ? "text-slate-400" : "text-slate-700"}>
                  <td className="px-4 py-2 font-medium">{token.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">{token.prefix}…</td>
                  <td className="px-4 py-2">
                    <span className="flex flex-wrap gap-1">
                      {token.scopes.map((scope) => (
                        <code key={scope} className="rounded bg-slate-100 px-1.5 py-px text-[11px]">
                          {scope}
                        </code>
                      ))}
                    </span>
                  </td>
                  <td className="px-4 py-2 text-xs">
                    {token.createdBy ?? "—"}
                    <br />
                    <RelativeTime iso={token.createdAt} className="text-slate-400" />
                  </td>
                  <td className="px-4 py-2 text-xs">{token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : "never"}</td>
                  <td className="px-4 py-2 text-right">
                    {token.revokedAt ? (
                      <span className="text-xs">
                        revoked <RelativeTime iso={token.revokedAt} />
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="rounded-md border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:border-red-300 hover:bg-red-50 hover:text-red-700 disabled:opacity-50"
                        disabled={revoke.isPending}
                        aria-label={`Revoke ${token.name}`}
                        onClick={() => {
                          if (window.confirm(`Revoke the token “${token.name}”? Programs using it stop working at once.`)) revoke.mutate(token.id);
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
