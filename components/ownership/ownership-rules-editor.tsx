"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-request";

/** Edits a project's ownership rules; the server checks every line and names the bad ones. */
export function OwnershipRulesEditor({ orgSlug, projectSlug, initialRules, canEdit }: { orgSlug: string; projectSlug: string; initialRules: string; canEdit: boolean }) {
  const [rules, setRules] = useState(initialRules);
  const save = useMutation({
    mutationFn: () => apiRequest<{ rules: string; count: number }>(`/api/v1/projects/${orgSlug}/${projectSlug}/ownership`, { method: "PUT", body: { rules } }),
    onSuccess: (saved) => setRules(saved.rules),
  });
  const lineErrors = save.error instanceof ApiRequestError ? save.error.fields.rules ?? [] : [];
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-slate-900">Ownership rules</h2>
      <p className="mt-1 text-xs text-slate-500">
        New and regressed groups are assigned to the owner of the last matching rule (at most once a day per group; never over a manual assignment). One rule a line:{" "}
        <code>path:src/billing/** #payments</code>, <code>tag:browser=Safari* jane@example.com</code>, <code>url:*/checkout* #web</code>,{" "}
        <code>culprit:app.jobs.* #backend</code>.
      </p>
      <form
        className="mt-3 space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <textarea
          aria-label="Ownership rules"
          rows={10}
          readOnly={!canEdit}
          spellCheck={false}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs"
          value={rules}
          onChange={(e) => setRules(e.target.value)}
          placeholder={"path:src/billing/** #payments\ntag:browser=Safari* jane@example.com"}
        />
        {lineErrors.length > 0 ? (
          <ul role="alert" className="list-disc pl-5 text-xs text-red-700">
            {lineErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : save.error ? (
          <p role="alert" className="text-xs text-red-700">
            {save.error.message}
          </p>
        ) : null}
        {canEdit ? (
          <div className="flex items-center gap-3">
            <button type="submit" disabled={save.isPending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
              {save.isPending ? "Saving…" : "Save rules"}
            </button>
            {save.isSuccess ? <span className="text-sm text-emerald-700">Saved {save.data.count} rule{save.data.count === 1 ? "" : "s"}.</span> : null}
          </div>
        ) : (
          <p className="text-xs text-slate-500">Only owners and admins can edit the rules.</p>
        )}
      </form>
    </section>
  );
}
