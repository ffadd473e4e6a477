"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiRequest, ApiRequestError } from "@/components/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
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
  const toast = useToast();
  return (
    <div role="status" className="rounded-lg border border-success/30 bg-success-soft p-4 text-sm">
      <p className="font-medium text-fg">Token “{created.name}” created. Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Input readOnly aria-label="New API token" value={created.token} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 basis-60 font-mono text-xs" />
        <Button
          variant="primary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(created.token).then(
              () => toast.show("Token copied to the clipboard"),
              () => toast.show("Could not copy: select the token and copy it yourself", "error"),
            );
          }}
        >
          Copy
        </Button>
        <Button size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function CreateTokenForm({ orgSlug, scopes, onCreated }: { orgSlug: string; scopes: readonly string[]; onCreated: (token: CreatedToken) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>(["issues:read"]);
  const create = useMutation({
    mutationFn: () => apiRequest<CreatedToken>(`/api/v1/organizations/${orgSlug}/api-tokens`, { method: "POST", body: { name, scopes: chosen } }),
    onSuccess: (token) => {
      setName("");
      setChosen(["issues:read"]);
      onCreated(token);
      toast.show(`Token “${token.name}” created`);
      void queryClient.invalidateQueries({ queryKey: ["api-tokens", orgSlug] });
    },
  });
  const fields = create.error instanceof ApiRequestError ? create.error.fields : {};
  const nameError = fields.name?.join(" ") ?? null;
  const scopesError = fields.scopes?.join(" ") ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Panel title={<span id="create-token-heading">Create a token</span>}>
      <form onSubmit={submit} className="space-y-4" aria-labelledby="create-token-heading">
        <Field id="token-name" label="Name" error={nameError} hint="What uses it, so you know what breaks when it is revoked.">
          <Input
            id="token-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="CI deploys"
            maxLength={100}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "token-name-hint token-name-error" : "token-name-hint"}
            className="block w-full max-w-sm"
          />
        </Field>
        <fieldset aria-describedby={scopesError ? "token-scopes-error" : undefined}>
          <legend className="text-sm font-medium text-fg">Scopes</legend>
          <div className="mt-1 grid gap-1.5 sm:grid-cols-2">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm text-fg">
                <input
                  type="checkbox"
                  className="mt-0.5 accent-accent"
                  checked={chosen.includes(scope)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, scope] : chosen.filter((s) => s !== scope))}
                />
                <span>
                  <code className="text-xs font-semibold">{scope}</code> <span className="text-xs text-fg-subtle">— {SCOPE_HELP[scope] ?? ""}</span>
                </span>
              </label>
            ))}
          </div>
          {scopesError ? (
            <p id="token-scopes-error" role="alert" className="mt-1 text-xs text-danger">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        {create.error && Object.keys(fields).length === 0 ? (
          <p role="alert" className="text-sm text-danger">
            {create.error.message}
          </p>
        ) : null}
        <Button type="submit" variant="primary" pending={create.isPending} disabled={!name.trim() || chosen.length === 0}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </Panel>
  );
}

/** The organization's API tokens: list, create (shown once), revoke. */
export function ApiTokensManager({ orgSlug, initialTokens, scopes }: { orgSlug: string; initialTokens: ApiTokenView[]; scopes: readonly string[] }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useQuery({
    queryKey: ["api-tokens", orgSlug],
    queryFn: async () => (await apiRequest<{ tokens: ApiTokenView[] }>(`/api/v1/organizations/${orgSlug}/api-tokens`)).tokens,
    initialData: initialTokens,
  });
  const revoke = useMutation({
    mutationFn: (token: ApiTokenView) => apiRequest(`/api/v1/organizations/${orgSlug}/api-tokens/${token.id}`, { method: "DELETE" }),
    onSuccess: (_, token) => {
      toast.show(`Token “${token.name}” revoked`);
      void queryClient.invalidateQueries({ queryKey: ["api-tokens", orgSlug] });
    },
    onError: (error) => toast.show(`Could not revoke the token: ${error.message}`, "error"),
  });

  return (
    <div className="space-y-4">
      {created ? <CreatedTokenBox created={created} onDone={() => setCreated(null)} /> : null}
      <CreateTokenForm orgSlug={orgSlug} scopes={scopes} onCreated={setCreated} />
      <section aria-labelledby="tokens-heading" className="space-y-2">
        <h2 id="tokens-heading" className="text-sm font-semibold text-fg">
          Tokens
        </h2>
        {tokens.error ? <QueryError what="the tokens" error={tokens.error} onRetry={() => void tokens.refetch()} /> : null}
        {tokens.data.length === 0 ? (
          <EmptyState title="No API tokens yet">Create one above for CI, a bot or an SDK that sends events.</EmptyState>
        ) : (
          <Table label="API tokens">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Token</Th>
                <Th>Scopes</Th>
                <Th>Created by</Th>
                <Th>Last used</Th>
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {tokens.data.map((token) => (
                <Tr key={token.id} className={token.revokedAt ? "text-fg-subtle" : "text-fg"}>
                  <Td className="font-medium">{token.name}</Td>
                  <Td className="font-mono text-xs whitespace-nowrap">{token.prefix}…</Td>
                  <Td>
                    <span className="flex flex-wrap gap-1">
                      {token.scopes.map((scope) => (
                        <Badge key={scope} className="font-mono">
                          {scope}
                        </Badge>
                      ))}
                    </span>
                  </Td>
                  <Td className="text-xs">
                    {token.createdBy ?? "—"}
                    <br />
                    <RelativeTime iso={token.createdAt} className="text-fg-subtle" />
                  </Td>
                  <Td className="text-xs whitespace-nowrap">{token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : "never"}</Td>
                  <Td className="text-right whitespace-nowrap">
                    {token.revokedAt ? (
                      <span className="text-xs">
                        revoked <RelativeTime iso={token.revokedAt} />
                      </span>
                    ) : (
                      <Button
                        variant="danger"
                        size="sm"
                        disabled={revoke.isPending}
                        aria-label={`Revoke ${token.name}`}
                        onClick={() => {
                          if (window.confirm(`Revoke the token “${token.name}”? Programs using it stop working at once.`)) revoke.mutate(token);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
