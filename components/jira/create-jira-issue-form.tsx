"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-request";
import { IssueFormField, type FieldValue, type IssueFormFieldSpec } from "./issue-form-field";

interface CreatedIssue {
  id: string;
  key: string;
  url: string;
}

/** The dynamic create-issue form: fields come from Jira's create screen for the chosen project and type. */
export function CreateJiraIssueForm({ groupId, integrationId, onDone, onCancel }: { groupId: string; integrationId: string; onDone: (issue: CreatedIssue) => void; onCancel: () => void }) {
  const [selection, setSelection] = useState<{ project?: string; issuetype?: string }>({});
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const params = new URLSearchParams({ integration: integrationId });
  if (selection.project) params.set("project", selection.project);
  if (selection.issuetype) params.set("issuetype", selection.issuetype);
  const form = useQuery({
    queryKey: ["jira-form", groupId, integrationId, selection.project, selection.issuetype],
    queryFn: () => apiRequest<{ fields: IssueFormFieldSpec[] }>(`/api/v1/groups/${groupId}/external-issues/form?${params.toString()}`),
    staleTime: 60_000,
  });
  const create = useMutation({
    mutationFn: (fields: Record<string, unknown>) =>
      apiRequest<CreatedIssue>(`/api/v1/groups/${groupId}/external-issues`, { method: "POST", body: { integrationId, action: "create", fields } }),
    onSuccess: onDone,
  });

  const valueOf = (field: IssueFormFieldSpec): FieldValue => {
    if (field.name in values) return values[field.name];
    const d = field.default;
    return typeof d === "string" || Array.isArray(d) ? (d as FieldValue) : d === undefined || d === null ? undefined : String(d);
  };
  const fieldErrors = create.error instanceof ApiRequestError ? create.error.fields : {};

  if (form.isPending) return <p className="text-sm text-slate-500">Loading the Jira create screen…</p>;
  if (form.error) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        {form.error.message}{" "}
        <button type="button" className="underline" onClick={() => void form.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const fields: Record<string, unknown> = {};
        for (const field of form.data.fields) {
          const value = valueOf(field);
          if (value !== undefined && value !== "") fields[field.name] = value;
        }
        create.mutate(fields);
      }}
    >
      {form.data.fields.map((field) => (
        <IssueFormField
          key={field.name}
          field={field}
          value={valueOf(field)}
          error={fieldErrors[field.name]}
          onChange={(value) => {
            if (field.updatesForm) {
              // A new project or issue type has another create screen: reload the form for it.
              setSelection((s) => (field.name === "project" ? { project: typeof value === "string" ? value : undefined } : { ...s, issuetype: typeof value === "string" ? value : undefined }));
              // Keep what the person typed in title and description; untouched fields take the new form's defaults.
              setValues((v) => Object.fromEntries(Object.entries({ title: v.title, description: v.description }).filter(([, value]) => value !== undefined)));
              return;
            }
            setValues((v) => ({ ...v, [field.name]: value }));
          }}
        />
      ))}
      {create.error && !(create.error instanceof ApiRequestError && Object.keys(create.error.fields).length > 0 && !create.error.fields.non_field_errors) ? (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      ) : null}
      {fieldErrors.non_field_errors?.map((m) => (
        <p key={m} role="alert" className="text-sm text-red-700">
          {m}
        </p>
      ))}
      <div className="flex gap-2">
        <button type="submit" disabled={create.isPending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
          {create.isPending ? "Creating…" : "Create issue"}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
          Cancel
        </button>
      </div>
    </form>
  );
}
