// What a Jira Cloud site answers to the REST calls Tether makes, as plain functions over a store:
// the product's sandbox site keeps its issues in the database, the e2e fake in memory, and both
// answer through this one module (statuses, projects, create-meta, transitions, Jira's error shapes).

export interface JiraSiteUser {
  accountId: string;
  displayName: string;
  email: string;
  /** GDPR: the email is hidden from payloads and search results; only /user/email reveals it. */
  hideEmail?: boolean;
}

export interface JiraSiteIssue {
  id: string;
  key: string;
  projectId: string;
  summary: string;
  description: string | null;
  statusId: string;
  assigneeAccountId: string | null;
  updated: string;
  comments: string[];
  fields: Record<string, unknown>;
}

export type NewJiraSiteIssue = Pick<JiraSiteIssue, "projectId" | "summary" | "description" | "fields"> & { statusId?: string; assigneeAccountId?: string | null };

/** Where a site keeps its issues; every call may be asynchronous (the sandbox's is the database). */
export interface JiraSiteStore {
  /** The site's title (serverInfo), which Tether names the installation after. */
  readonly title: string;
  readonly users: readonly JiraSiteUser[];
  getIssue(key: string): Promise<JiraSiteIssue | null>;
  searchIssues(query: string): Promise<JiraSiteIssue[]>;
  createIssue(input: NewJiraSiteIssue & { projectKey: string }): Promise<JiraSiteIssue>;
  updateIssue(key: string, change: { statusId?: string; assigneeAccountId?: string | null }): Promise<void>;
  addComment(key: string, body: string): Promise<number>;
}

export const JIRA_SITE_STATUSES = [
  { id: "1", name: "Open", statusCategory: { key: "new" } },
  { id: "3", name: "In Progress", statusCategory: { key: "indeterminate" } },
  { id: "10101", name: "Done", statusCategory: { key: "done" } },
  { id: "10102", name: "Cancelled", statusCategory: { key: "done" } },
  { id: "10200", name: "Won't Fix", statusCategory: { key: "indeterminate" } },
];
export type JiraSiteStatus = (typeof JIRA_SITE_STATUSES)[number];

export const JIRA_SITE_PROJECTS = [
  { id: "10000", key: "APP", name: "Application" },
  { id: "10001", key: "OPS", name: "Operations" },
];

export const JIRA_SITE_PRIORITIES = [
  { id: "1", name: "Highest" },
  { id: "3", name: "Medium" },
  { id: "5", name: "Lowest" },
];

export function jiraSiteStatus(id: string): JiraSiteStatus | undefined {
  return JIRA_SITE_STATUSES.find((s) => s.id === id);
}

export function jiraSiteProject(id: string) {
  return JIRA_SITE_PROJECTS.find((p) => p.id === id);
}

/** The create screen: "Task" is plain; "Bug" has required custom fields Sentry cannot fill. */
export function jiraSiteCreateMeta(projectId: string, baseUrl = "https://fake") {
  const project = jiraSiteProject(projectId);
  if (!project) return { projects: [] };
  const common = {
    summary: { required: true, name: "Summary", schema: { type: "string", system: "summary" } },
    description: { required: false, name: "Description", schema: { type: "string", system: "description" } },
    issuetype: { required: true, name: "Issue Type", schema: { type: "issuetype", system: "issuetype" } },
    project: { required: true, name: "Project", schema: { type: "project", system: "project" } },
    priority: { required: false, name: "Priority", schema: { type: "priority", system: "priority" }, allowedValues: JIRA_SITE_PRIORITIES },
    labels: { required: false, name: "Labels", schema: { type: "array", items: "string", system: "labels" } },
    components: {
      required: false,
      name: "Components",
      schema: { type: "array", items: "component", system: "components" },
      allowedValues: [{ id: "100", name: "Backend" }, { id: "101", name: "Frontend" }],
    },
    reporter: { required: false, name: "Reporter", schema: { type: "user", system: "reporter" }, autoCompleteUrl: `${baseUrl}/rest/api/2/user/search?query=` },
    timetracking: { required: false, name: "Time tracking", schema: { type: "timetracking", system: "timetracking" } },
  };
  return {
    projects: [
      {
        ...project,
        issuetypes: [
          { id: "10002", name: "Task", subtask: false, fields: common },
          {
            id: "10004",
            name: "Bug",
            subtask: false,
            fields: {
              ...common,
              customfield_10100: {
                required: true,
                name: "Affected area",
                schema: { type: "option-with-child", custom: "com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect", customId: 10100 },
                allowedValues: [
                  { id: "1", value: "Web", children: [{ id: "11", value: "Checkout" }, { id: "12", value: "Search" }] },
                  { id: "2", value: "API", children: [{ id: "21", value: "Billing" }] },
                ],
              },
              customfield_10101: { required: true, name: "Severity score", schema: { type: "number", custom: "com.atlassian.jira.plugin.system.customfieldtypes:float", customId: 10101 } },
              customfield_10102: { required: false, name: "Fix by", schema: { type: "date", custom: "com.atlassian.jira.plugin.system.customfieldtypes:datepicker", customId: 10102 } },
              customfield_10103: { required: false, name: "Reviewers", schema: { type: "array", items: "user", custom: "com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker", customId: 10103 } },
            },
          },
        ],
      },
    ],
  };
}

/** Jira's validation answer: `{errorMessages: [], errors: {field: message}}`. */
export function jiraFieldError(field: string, message: string) {
  return { errorMessages: [] as string[], errors: { [field]: message } };
}

type CreateCheck = { ok: true; projectId: string; projectKey: string; summary: string; description: string | null } | { ok: false; body: ReturnType<typeof jiraFieldError> };

/** Whether Jira would create an issue from these fields, in Jira's order of complaints. */
export function checkCreateFields(fields: Record<string, unknown>): CreateCheck {
  if (typeof fields.summary !== "string" || !fields.summary.trim()) return { ok: false, body: jiraFieldError("summary", "You must specify a summary of the issue.") };
  if (fields.summary.length > 255) return { ok: false, body: jiraFieldError("summary", "Summary must be less than 255 characters.") };
  const projectId = String((fields.project as { id?: unknown } | undefined)?.id ?? "10000");
  const project = jiraSiteProject(projectId);
  if (!project) return { ok: false, body: jiraFieldError("project", "valid project is required") };
  const typeId = String((fields.issuetype as { id?: unknown } | undefined)?.id ?? "");
  const type = jiraSiteCreateMeta(projectId).projects[0]?.issuetypes.find((t) => t.id === typeId);
  if (!type) return { ok: false, body: jiraFieldError("issuetype", "The issue type selected is invalid.") };
  for (const [id, meta] of Object.entries(type.fields as Record<string, { required: boolean; name: string }>)) {
    if (meta.required && (fields[id] === undefined || fields[id] === null || fields[id] === "")) return { ok: false, body: jiraFieldError(id, `${meta.name} is required.`) };
  }
  const labels = Array.isArray(fields.labels) ? fields.labels : [];
  const spaced = labels.find((label) => typeof label === "string" && /\s/.test(label));
  if (typeof spaced === "string") return { ok: false, body: jiraFieldError("labels", `The label '${spaced}' contains spaces which is invalid.`) };
  const score = fields.customfield_10101;
  if (score !== undefined && (typeof score !== "number" || !Number.isFinite(score))) return { ok: false, body: jiraFieldError("customfield_10101", "Severity score must be a number.") };
  return { ok: true, projectId, projectKey: project.key, summary: fields.summary.trim(), description: typeof fields.description === "string" ? fields.description : null };
}

/** The transitions Jira offers from a status: one to each other status. */
export function transitionsFrom(statusId: string) {
  return JIRA_SITE_STATUSES.filter((s) => s.id !== statusId).map((s) => ({ id: `t-${s.id}`, name: `To ${s.name}`, to: s }));
}

export function statusOfTransition(transitionId: string): JiraSiteStatus | undefined {
  return JIRA_SITE_STATUSES.find((s) => `t-${s.id}` === transitionId);
}

export function userJson(user: JiraSiteUser) {
  return { accountId: user.accountId, displayName: user.displayName, active: true, ...(user.hideEmail ? {} : { emailAddress: user.email }) };
}

export function issueJson(issue: JiraSiteIssue, users: readonly JiraSiteUser[], baseUrl: string) {
  const project = jiraSiteProject(issue.projectId);
  const assignee = users.find((u) => u.accountId === issue.assigneeAccountId);
  return {
    id: issue.id,
    key: issue.key,
    self: `${baseUrl}/rest/api/2/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      description: issue.description,
      status: jiraSiteStatus(issue.statusId),
      project,
      assignee: assignee ? userJson(assignee) : null,
      updated: issue.updated,
      ...issue.fields,
    },
  };
}

export type ChangelogField = "assignee" | "status";

/** The `jira:issue_updated` webhook body Jira sends for an assignee and/or status change. */
export function issueUpdatedPayload(
  issue: JiraSiteIssue,
  users: readonly JiraSiteUser[],
  baseUrl: string,
  items: Array<{ field: ChangelogField; from: string | null; to: string | null; fromLabel?: string | null; toLabel?: string | null }>,
  actor: JiraSiteUser | undefined = users[0],
) {
  return {
    timestamp: Date.now(),
    webhookEvent: "jira:issue_updated",
    issue_event_type_name: "issue_generic",
    user: actor ? { accountId: actor.accountId, displayName: actor.displayName } : undefined,
    issue: issueJson(issue, users, baseUrl),
    changelog: {
      id: String(Date.now()),
      items: items.map((item) => ({
        field: item.field,
        fieldtype: "jira",
        fieldId: item.field,
        from: item.from,
        fromString: item.fromLabel ?? item.from,
        to: item.to,
        toString: item.toLabel ?? item.to,
      })),
    },
  };
}

export interface JiraSiteAnswer {
  status: number;
  body?: unknown;
}

const notFoundIssue: JiraSiteAnswer = { status: 404, body: { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} } };

/** Jira's user search matches the email even when the profile hides it from payloads. */
function matchesUser(user: JiraSiteUser, query: string): boolean {
  return user.displayName.toLowerCase().includes(query) || user.email.toLowerCase().includes(query);
}

/**
 * Answers one authenticated REST call, `path` relative to the site (`/rest/api/2/...`; `/rest/api/3/`
 * is answered the same). The caller has already checked the Connect JWT.
 */
export async function answerJiraRest(store: JiraSiteStore, request: { method: string; path: string; query: URLSearchParams; body: unknown; baseUrl: string }): Promise<JiraSiteAnswer> {
  const { method, query, body, baseUrl } = request;
  const path = request.path.replace(/^\/rest\/api\/3\//, "/rest/api/2/");
  const q = (query.get("query") ?? "").toLowerCase();
  if (method === "GET" && path === "/rest/api/2/serverInfo") return { status: 200, body: { baseUrl, serverTitle: store.title, version: "1001.0.0", deploymentType: "Cloud" } };
  if (method === "GET" && path === "/rest/api/2/status") return { status: 200, body: JIRA_SITE_STATUSES };
  if (method === "GET" && path === "/rest/api/2/project") return { status: 200, body: JIRA_SITE_PROJECTS.map((p) => ({ ...p, avatarUrls: { "48x48": `${baseUrl}/avatar/${p.id}.png` } })) };
  if (method === "GET" && path === "/rest/api/2/priority") return { status: 200, body: JIRA_SITE_PRIORITIES };
  if (method === "GET" && path === "/rest/api/2/user/email") {
    const user = store.users.find((u) => u.accountId === query.get("accountId"));
    return user ? { status: 200, body: { accountId: user.accountId, email: user.email } } : { status: 404, body: { errorMessages: ["User not found"] } };
  }
  if (method === "GET" && (path === "/rest/api/2/user/assignable/search" || path === "/rest/api/2/user/search")) {
    return { status: 200, body: store.users.filter((u) => matchesUser(u, q)).map(userJson) };
  }
  if (method === "GET" && path === "/rest/api/2/issue/createmeta") return { status: 200, body: jiraSiteCreateMeta(query.get("projectIds") ?? "", baseUrl) };
  if (method === "GET" && path === "/rest/api/2/issue/picker") {
    const issues = await store.searchIssues(q);
    return { status: 200, body: { sections: [{ label: "History Search", issues: issues.map((i) => ({ key: i.key, summaryText: i.summary })) }] } };
  }
  if (method === "POST" && path === "/rest/api/2/issue") {
    const fields = (body as { fields?: Record<string, unknown> } | null)?.fields ?? {};
    const check = checkCreateFields(fields);
    if (!check.ok) return { status: 400, body: check.body };
    const issue = await store.createIssue({ projectId: check.projectId, projectKey: check.projectKey, summary: check.summary, description: check.description, fields });
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${baseUrl}/rest/api/2/issue/${issue.id}` } };
  }
  const issueMatch = /^\/rest\/api\/2\/issue\/([^/]+)(\/assignee|\/transitions|\/comment)?$/.exec(path);
  if (issueMatch) {
    const issue = await store.getIssue(decodeURIComponent(issueMatch[1]).toUpperCase());
    if (!issue) return notFoundIssue;
    const sub = issueMatch[2];
    if (method === "GET" && !sub) return { status: 200, body: issueJson(issue, store.users, baseUrl) };
    if (method === "PUT" && sub === "/assignee") {
      const accountId = (body as { accountId?: string | null } | null)?.accountId ?? null;
      if (accountId && !store.users.some((u) => u.accountId === accountId)) return { status: 400, body: jiraFieldError("assignee", "User does not exist") };
      await store.updateIssue(issue.key, { assigneeAccountId: accountId });
      return { status: 204 };
    }
    if (method === "GET" && sub === "/transitions") return { status: 200, body: { transitions: transitionsFrom(issue.statusId) } };
    if (method === "POST" && sub === "/transitions") {
      const target = statusOfTransition(String((body as { transition?: { id?: unknown } } | null)?.transition?.id ?? ""));
      if (!target) return { status: 400, body: { errorMessages: ["Transition id is not valid"], errors: {} } };
      await store.updateIssue(issue.key, { statusId: target.id });
      return { status: 204 };
    }
    if (method === "POST" && sub === "/comment") {
      const text = (body as { body?: unknown } | null)?.body;
      return { status: 201, body: { id: String(await store.addComment(issue.key, typeof text === "string" ? text : JSON.stringify(text ?? ""))) } };
    }
  }
  return { status: 404, body: { errorMessages: [`No Jira resource for ${method} ${request.path}`] } };
}
