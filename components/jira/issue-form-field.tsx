"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { controlClass } from "@/components/ui/field";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { IssueFormField as IssueFormFieldDescription } from "@/lib/integrations/jira/create-form";

/** The form field the create-issue API describes (see lib/integrations/jira/create-form.ts). */
export type IssueFormFieldSpec = IssueFormFieldDescription;

export type FieldValue = string | string[] | { parent: string; child: string } | undefined;

const inputClass = controlClass("mt-1 block w-full min-w-0");

/** Searches Jira through our API (users, issues) for async selects. */
function AsyncChoices({ id, field, value, onChange, multiple, describedBy }: { id: string; field: IssueFormFieldSpec; value: FieldValue; onChange: (v: FieldValue) => void; multiple: boolean; describedBy?: string }) {
  const [query, setQuery] = useState("");
  // Each search goes on to Jira: ask once the typing pauses, not on every key.
  const search = useDebouncedValue(query);
  const results = useQuery({
    queryKey: ["jira-search", field.url, search],
    queryFn: () => apiRequest<{ choices: [string, string][] }>(`${field.url}&query=${encodeURIComponent(search)}`),
    enabled: search.trim().length > 0 && !!field.url,
  });
  const selected = Array.isArray(value) ? value : typeof value === "string" && value ? [value] : [];
  return (
    <div>
      {selected.length > 0 ? (
        <div className="mt-1 flex flex-wrap gap-1">
          {selected.map((chosen) => (
            <button
              key={chosen}
              type="button"
              className="rounded bg-surface-muted px-2 py-0.5 text-xs text-fg hover:bg-danger-soft focus-visible:outline-2 focus-visible:outline-accent"
              onClick={() => onChange(multiple ? selected.filter((s) => s !== chosen) : undefined)}
              title="Remove"
              aria-label={`Remove ${chosen}`}
            >
              {chosen} ×
            </button>
          ))}
        </div>
      ) : null}
      <input id={id} className={inputClass} placeholder="Type to search Jira…" value={query} onChange={(e) => setQuery(e.target.value)} aria-label={`Search ${field.label}`} aria-describedby={describedBy} />
      {results.isFetching ? <p className="mt-1 text-xs text-fg-subtle">Searching…</p> : null}
      {results.error ? <p role="alert" className="mt-1 text-xs text-danger">{results.error.message}</p> : null}
      {results.data && results.data.choices.length === 0 ? <p className="mt-1 text-xs text-fg-subtle">No match</p> : null}
      {results.data?.choices.length ? (
        <ul className="mt-1 max-h-32 overflow-auto rounded-md border border-line text-sm">
          {results.data.choices.map(([id, label]) => (
            <li key={id}>
              <button
                type="button"
                className="w-full px-2 py-1 text-left hover:bg-accent-soft focus-visible:bg-accent-soft focus-visible:outline-none"
                onClick={() => {
                  onChange(multiple ? [...new Set([...selected, id])] : id);
                  setQuery("");
                }}
              >
                {label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A select's options from a field's [value, label] pairs. */
function ChoiceOptions({ choices }: { choices: [string, string][] | undefined }) {
  return (choices ?? []).map(([v, label]) => (
    <option key={v} value={v}>
      {label}
    </option>
  ));
}

/** One field of the dynamic create-issue form. */
export function IssueFormField({ field, value, error, onChange }: { field: IssueFormFieldSpec; value: FieldValue; error?: string[]; onChange: (v: FieldValue) => void }) {
  const id = `jira-field-${field.name}`;
  const text = typeof value === "string" ? value : "";
  // Help and errors are read with the control, not only seen next to it.
  const describedBy = [field.help ? `${id}-help` : "", error?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const described = { "aria-describedby": describedBy, "aria-invalid": error?.length ? true : undefined };
  let control;
  switch (field.type) {
    case "select":
      control = (
        <select id={id} {...described} className={inputClass} value={text} onChange={(e) => onChange(e.target.value || undefined)}>
          {!field.required || !text ? <option value="">{field.required ? "Choose…" : "—"}</option> : null}
          <ChoiceOptions choices={field.choices} />
        </select>
      );
      break;
    case "multiselect":
      control = (
        <select
          id={id}
          {...described}
          multiple
          className={inputClass}
          value={Array.isArray(value) ? value : []}
          onChange={(e) => onChange(Array.from(e.target.selectedOptions, (o) => o.value))}
        >
          <ChoiceOptions choices={field.choices} />
        </select>
      );
      break;
    case "cascading_select": {
      const current = value && typeof value === "object" && !Array.isArray(value) ? value : { parent: "", child: "" };
      control = (
        <div className="flex gap-2">
          <select id={id} {...described} className={inputClass} value={current.parent} onChange={(e) => onChange(e.target.value ? { parent: e.target.value, child: "" } : undefined)}>
            <option value="">Choose…</option>
            <ChoiceOptions choices={field.choices} />
          </select>
          <select
            aria-label={`${field.label} (detail)`}
            className={inputClass}
            value={current.child}
            disabled={!current.parent}
            onChange={(e) => onChange({ parent: current.parent, child: e.target.value })}
          >
            <option value="">—</option>
            <ChoiceOptions choices={field.childChoices?.[current.parent]} />
          </select>
        </div>
      );
      break;
    }
    case "async_select":
    case "async_multiselect":
      control = <AsyncChoices id={id} field={field} value={value} onChange={onChange} multiple={field.type === "async_multiselect"} describedBy={describedBy} />;
      break;
    case "textarea":
      control = <textarea id={id} {...described} rows={6} className={`${inputClass} font-mono text-xs`} value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    default: {
      const type = field.type === "number" ? "number" : field.type === "date" ? "date" : field.type === "datetime" ? "datetime-local" : "text";
      control = <input id={id} {...described} type={type} step={field.type === "number" ? "any" : undefined} className={inputClass} value={text} onChange={(e) => onChange(e.target.value)} />;
    }
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {field.label}
        {field.required ? <span className="text-danger"> *</span> : null}
      </label>
      {control}
      {field.help ? (
        <p id={`${id}-help`} className="mt-0.5 text-xs text-fg-subtle">
          {field.help}
        </p>
      ) : null}
      {error?.length ? (
        <p id={`${id}-error`} role="alert" className="mt-0.5 text-xs text-danger">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
