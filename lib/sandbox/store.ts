import type { Db } from "@/lib/db/client";
import type { Prisma, SandboxJiraIssue } from "@/lib/generated/prisma/client";
import type { JiraSiteIssue, JiraSiteStore, NewJiraSiteIssue } from "./jira-core";
import { nextSandboxIssueNumber } from "./site";
import { SANDBOX_JIRA_USERS } from "./users";

// The sandbox site's issues in the database: every instance of Tether serves the same site.

function toIssue(row: SandboxJiraIssue): JiraSiteIssue {
  return {
    id: row.id,
    key: row.key,
    projectId: row.projectId,
    summary: row.summary,
    description: row.description,
    statusId: row.statusId,
    assigneeAccountId: row.assigneeAccountId,
    updated: row.updatedAt.toISOString(),
    comments: Array.isArray(row.comments) ? row.comments.filter((c): c is string => typeof c === "string") : [],
    fields: row.fields && typeof row.fields === "object" && !Array.isArray(row.fields) ? (row.fields as Record<string, unknown>) : {},
  };
}

/** Fields already stored in their own columns are not repeated in the JSON. */
function extraFields(fields: Record<string, unknown>): Prisma.InputJsonObject {
  const { summary: _summary, description: _description, project: _project, issuetype, ...rest } = fields;
  return JSON.parse(JSON.stringify({ ...rest, ...(issuetype ? { issuetype } : {}) })) as Prisma.InputJsonObject;
}

export function sandboxJiraStore(db: Db): JiraSiteStore & { listIssues(): Promise<JiraSiteIssue[]>; createIssue(input: NewJiraSiteIssue & { projectKey: string }): Promise<JiraSiteIssue> } {
  return {
    title: "Sandbox Jira",
    users: SANDBOX_JIRA_USERS,
    async getIssue(key) {
      const row = await db.sandboxJiraIssue.findUnique({ where: { key } });
      return row ? toIssue(row) : null;
    },
    async searchIssues(query) {
      const rows = await db.sandboxJiraIssue.findMany({
        where: query ? { OR: [{ key: { contains: query, mode: "insensitive" } }, { summary: { contains: query, mode: "insensitive" } }] } : {},
        orderBy: { createdAt: "desc" },
        take: 20,
      });
      return rows.map(toIssue);
    },
    async listIssues() {
      return (await db.sandboxJiraIssue.findMany({ orderBy: { createdAt: "desc" }, take: 200 })).map(toIssue);
    },
    async createIssue(input) {
      const number = await nextSandboxIssueNumber(db);
      const row = await db.sandboxJiraIssue.create({
        data: {
          id: String(20000 + number),
          key: `${input.projectKey}-${number}`,
          projectId: input.projectId,
          summary: input.summary,
          description: input.description,
          statusId: input.statusId ?? "1",
          assigneeAccountId: input.assigneeAccountId ?? null,
          fields: extraFields(input.fields),
        },
      });
      return toIssue(row);
    },
    async updateIssue(key, change) {
      await db.sandboxJiraIssue.update({ where: { key }, data: change });
    },
    async addComment(key, body) {
      // One statement, so two comments at once do not lose one.
      const [row] = await db.$queryRaw<{ count: number }[]>`
        UPDATE "SandboxJiraIssue" SET comments = comments || jsonb_build_array(${body}::text), "updatedAt" = now()
         WHERE key = ${key} RETURNING jsonb_array_length(comments)::int AS count`;
      return row?.count ?? 0;
    },
  };
}
