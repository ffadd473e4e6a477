"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { QueryError } from "@/components/ui/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { IssueFormField, type FieldValue, type IssueFormFieldSpec } from "./issue-form-field";

interface CreatedIssue {
  id: string;
  key: string;
  url: string;
}

/** The dynamic create-issue form: fields come from Jira's create screen for the chosen project and type. */
export function CreateJiraIssueForm({ groupId, integrationId, onDone, onCancel }: { groupId: string; integrationId: string; onDone: (issue: CreatedIssue) => void; onCancel: () => void }) {
  const toast = useToast();
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
    onSuccess: (issue) => {
      toast.show(`Jira issue ${issue.key} created and linked`);
      onDone(issue);
    },
  });

  const valueOf = (field: IssueFormFieldSpec): FieldValue => {
    if (field.name in values) return values[field.name];
    const d = field.default;
    return typeof d === "string" || Array.isArray(d) ? (d as FieldValue) : d === undefined || d === null ? undefined : String(d);
  };
  const fieldErrors = create.error instanceof ApiRequestError ? create.error.fields : {};

  if (form.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading the Jira create screen" className="space-y-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="space-y-1">
            <Skeleton className="h-3.5 w-24" />
            <Skeleton className="h-8 w-full" />
          </div>
        ))}
      </div>
    );
  }
  if (form.error) {
    return <QueryError what="the Jira create screen" error={form.error} onRetry={() => void form.refetch()} className="rounded-md border border-danger-line bg-danger-soft p-3 text-sm text-danger" />;
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
        <p role="alert" className="text-sm text-danger">
          {create.error.message}
        </p>
      ) : null}
      {fieldErrors.non_field_errors?.map((m) => (
        <p key={m} role="alert" className="text-sm text-danger">
          {m}
        </p>
      ))}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" pending={create.isPending}>
          {create.isPending ? "Creating…" : "Create issue"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
