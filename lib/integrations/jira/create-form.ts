import type { CreateMetaField, CreateMetaIssueType } from "./create-meta";

/** One field of the dynamic create-issue form, as the dashboard renders it and the API returns it. */
export interface IssueFormField {
  name: string;
  label: string;
  type: "select" | "multiselect" | "async_select" | "async_multiselect" | "text" | "textarea" | "number" | "date" | "datetime" | "labels" | "cascading_select";
  required: boolean;
  default?: unknown;
  choices?: [string, string][];
  /** Cascading selects: child choices per parent value. */
  childChoices?: Record<string, [string, string][]>;
  /** Async selects: where the dashboard searches (our API proxies Jira). */
  url?: string;
  updatesForm?: boolean;
  help?: string;
}

const SKIPPED = new Set(["project", "title", "description", "issuetype", "summary", "issuelinks", "attachment", "timetracking", "worklog", "reporter_name"]);
const ORDER = ["priority", "fixVersions", "components", "security"];
const CASCADING = "com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect";
const TEXTAREA = "com.atlassian.jira.plugin.system.customfieldtypes:textarea";
const SPRINT = "com.pyxis.greenhopper.jira:gh-sprint";
const EPIC_LINK = "com.pyxis.greenhopper.jira:gh-epic-link";
const LABELS = "com.atlassian.jira.plugin.system.customfieldtypes:labels";

function choiceOf(value: Record<string, unknown>): [string, string] {
  const id = String(value.id ?? value.value ?? value.key ?? "");
  const label = String(value.name ?? value.value ?? value.key ?? id);
  return [id, label];
}

function optionValue(value: Record<string, unknown>): [string, string] {
  const v = String(value.value ?? value.name ?? value.id ?? "");
  return [v, v];
}

/** How a create-meta field becomes a form field; null for fields the form leaves out. */
export function formFieldFromMeta(id: string, field: CreateMetaField, searchUrl: string): IssueFormField | null {
  const { type, items, custom, system } = field.schema;
  const base = { name: id, label: field.name, required: field.required };
  if (type === "timetracking" || type === "worklog" || type === "attachment" || items === "attachment") return null;
  if (custom === CASCADING) {
    const parents = field.allowedValues ?? [];
    const childChoices: Record<string, [string, string][]> = {};
    for (const parent of parents) {
      const children = Array.isArray(parent.children) ? (parent.children as Record<string, unknown>[]) : [];
      childChoices[optionValue(parent)[0]] = children.map(optionValue);
    }
    return { ...base, type: "cascading_select", choices: parents.map(optionValue), childChoices };
  }
  if (custom === EPIC_LINK || type === "issuelink" || id === "parent") {
    return { ...base, type: "async_select", url: `${searchUrl}&field=${encodeURIComponent(id)}&kind=issue` };
  }
  if (type === "user" || custom === SPRINT || (type === "team" && field.autoCompleteUrl)) {
    return { ...base, type: "async_select", url: `${searchUrl}&field=${encodeURIComponent(id)}&kind=user` };
  }
  if (type === "array" && items === "user") return { ...base, type: "async_multiselect", url: `${searchUrl}&field=${encodeURIComponent(id)}&kind=user` };
  if (type === "array" && items === "string" && (system === "labels" || custom === LABELS)) {
    return { ...base, type: "labels", help: "Separate labels with commas" };
  }
  if (type === "priority" || type === "securitylevel" || (type === "option" && field.allowedValues)) {
    const choices = (field.allowedValues ?? []).map(type === "option" ? optionValue : choiceOf);
    return { ...base, type: "select", choices };
  }
  if (type === "array" && field.allowedValues) {
    return { ...base, type: "multiselect", choices: field.allowedValues.map(items === "option" ? optionValue : choiceOf) };
  }
  if (type === "number") return { ...base, type: "number" };
  if (type === "date") return { ...base, type: "date" };
  if (type === "datetime") return { ...base, type: "datetime" };
  if (custom === TEXTAREA || system === "environment") return { ...base, type: "textarea" };
  return { ...base, type: "text" };
}

/** The dynamic fields of an issue type, ordered priority, fixVersions, components, security, then by id. */
export function dynamicFormFields(issueType: CreateMetaIssueType, options: { ignoredFields: string[]; searchUrl: string }): IssueFormField[] {
  const ignored = new Set(options.ignoredFields);
  const ids = Object.keys(issueType.fields).filter((id) => !SKIPPED.has(id) && !ignored.has(id));
  ids.sort((a, b) => {
    const ra = ORDER.indexOf(a) < 0 ? ORDER.length : ORDER.indexOf(a);
    const rb = ORDER.indexOf(b) < 0 ? ORDER.length : ORDER.indexOf(b);
    return ra !== rb ? ra - rb : a.localeCompare(b);
  });
  return ids.map((id) => formFieldFromMeta(id, issueType.fields[id], options.searchUrl)).filter((f): f is IssueFormField => f !== null);
}

export type FieldErrors = Record<string, string[]>;

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return value.split(",").map((v) => v.trim()).filter(Boolean);
  return value === undefined || value === null || value === "" ? [] : [value];
}

/**
 * The `fields` object for POST /rest/api/2/issue from the submitted form (§6.2 step 3, plus the
 * [R] types Sentry cannot send: numbers, dates, cascading selects, multi-user pickers).
 * Only fields present in the create-meta are sent; empty values are left out.
 */
export function jiraFieldsFromForm(
  issueType: CreateMetaIssueType,
  input: { projectId: string; title: string; description: string; values: Record<string, unknown> },
): { fields: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fields: Record<string, unknown> = { project: { id: input.projectId }, issuetype: { id: issueType.id }, summary: input.title };
  if ("description" in issueType.fields) fields.description = input.description;
  for (const [id, meta] of Object.entries(issueType.fields)) {
    if (SKIPPED.has(id)) continue;
    const raw = input.values[id];
    const empty = raw === undefined || raw === null || raw === "" || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (meta.required && !meta.hasDefaultValue) (errors[id] ??= []).push(`${meta.name} is required.`);
      continue;
    }
    const { type, items, custom } = meta.schema;
    if (custom === CASCADING) {
      const value = raw as { parent?: unknown; child?: unknown } | string;
      const parent = typeof value === "string" ? value : String(value.parent ?? "");
      const child = typeof value === "string" ? "" : String(value.child ?? "");
      fields[id] = child ? { value: parent, child: { value: child } } : { value: parent };
    } else if (type === "number") {
      const number = typeof raw === "number" ? raw : Number(String(raw).trim());
      if (!Number.isFinite(number)) (errors[id] ??= []).push(`${meta.name} must be a number.`);
      else fields[id] = number;
    } else if (type === "date") {
      const text = String(raw).trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) (errors[id] ??= []).push(`${meta.name} must be a date (YYYY-MM-DD).`);
      else fields[id] = text;
    } else if (type === "datetime") {
      const date = new Date(String(raw));
      if (Number.isNaN(date.getTime())) (errors[id] ??= []).push(`${meta.name} must be a date and time.`);
      else fields[id] = date.toISOString().replace("Z", "+0000");
    } else if (type === "user") {
      fields[id] = { accountId: String(raw) };
    } else if (type === "issuelink" || id === "parent" || custom === EPIC_LINK) {
      fields[id] = custom === EPIC_LINK ? String(raw) : { key: String(raw) };
    } else if (custom === SPRINT) {
      fields[id] = Number(raw);
    } else if (type === "array") {
      const list = asList(raw).map(String);
      if (items === "string") fields[id] = list;
      else if (items === "user") fields[id] = list.map((accountId) => ({ accountId }));
      else if (items === "option") fields[id] = list.map((value) => ({ value }));
      else fields[id] = list.map((value) => ({ id: value }));
    } else if (type === "option") {
      fields[id] = { value: String(raw) };
    } else if (["priority", "version", "component", "securitylevel", "issuetype", "project"].includes(type)) {
      fields[id] = { id: String(raw) };
    } else {
      fields[id] = typeof raw === "string" ? raw : String(raw);
    }
  }
  return { fields, errors };
}
