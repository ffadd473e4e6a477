"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useToast } from "@/components/ui/toast";

/** Edits a project's ownership rules; the server checks every line and names the bad ones. */
export function OwnershipRulesEditor({ orgSlug, projectSlug, initialRules, canEdit }: { orgSlug: string; projectSlug: string; initialRules: string; canEdit: boolean }) {
  const toast = useToast();
  const [rules, setRules] = useState(initialRules);
  const save = useMutation({
    mutationFn: () => apiRequest<{ rules: string; count: number }>(`/api/v1/projects/${orgSlug}/${projectSlug}/ownership`, { method: "PUT", body: { rules } }),
    onSuccess: (saved) => {
      setRules(saved.rules);
      toast.show(`Ownership rules saved (${saved.count} rule${saved.count === 1 ? "" : "s"})`);
    },
  });
  const lineErrors = save.error instanceof ApiRequestError ? save.error.fields.rules ?? [] : [];
  return (
    <Panel title="Ownership rules">
      <p id="ownership-rules-hint" className="text-xs text-fg-subtle">
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
        <Textarea
          aria-label="Ownership rules"
          aria-describedby={lineErrors.length > 0 || save.error ? "ownership-rules-hint ownership-rules-error" : "ownership-rules-hint"}
          aria-invalid={lineErrors.length > 0 || undefined}
          rows={10}
          readOnly={!canEdit}
          spellCheck={false}
          className="block w-full font-mono text-xs"
          value={rules}
          onChange={(e) => setRules(e.target.value)}
          placeholder={"path:src/billing/** #payments\ntag:browser=Safari* jane@example.com"}
        />
        {lineErrors.length > 0 ? (
          <ul id="ownership-rules-error" role="alert" className="list-disc pl-5 text-xs text-danger">
            {lineErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : save.error ? (
          <p id="ownership-rules-error" role="alert" className="text-xs text-danger">
            {save.error.message}
          </p>
        ) : null}
        {canEdit ? (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" pending={save.isPending}>
              {save.isPending ? "Saving…" : "Save rules"}
            </Button>
            {save.isSuccess ? <span className="text-sm text-success">Saved {save.data.count} rule{save.data.count === 1 ? "" : "s"}.</span> : null}
          </div>
        ) : (
          <p className="text-xs text-fg-subtle">Only owners and admins can edit the rules.</p>
        )}
      </form>
    </Panel>
  );
}
