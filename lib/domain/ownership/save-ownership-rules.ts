import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseOwnershipRules } from "./parse-ownership-rules";

export interface OwnershipRuleLineError {
  line: number;
  message: string;
}

function ownershipError(errors: OwnershipRuleLineError[]): AppError {
  return new AppError(400, "validation_failed", `${errors.length} rule line${errors.length === 1 ? "" : "s"} need attention`, {
    lines: errors,
    fields: { rules: errors.map((e) => `Line ${e.line}: ${e.message}`) },
  });
}

/**
 * Replaces a project's ownership rules with the rules text. Owners must be able to own the
 * project's groups: a #team attached to the project, or a user on one of its teams. Every bad line
 * is reported at once and nothing is saved.
 */
export async function saveOwnershipRules(db: Db, input: { organizationId: string; projectId: string; text: string }) {
  const { rules, errors } = parseOwnershipRules(input.text);
  const lineErrors: OwnershipRuleLineError[] = [...errors];
  const teams = await db.team.findMany({ where: { organizationId: input.organizationId, projects: { some: { projectId: input.projectId } } }, select: { id: true, slug: true } });
  const emails = rules.filter((r) => !r.owner.startsWith("#")).map((r) => r.owner.toLowerCase());
  const users = emails.length
    ? await db.userEmail.findMany({
        where: {
          email: { in: emails },
          isVerified: true,
          user: { isActive: true, memberships: { some: { organizationId: input.organizationId, teams: { some: { isActive: true, team: { projects: { some: { projectId: input.projectId } } } } } } } },
        },
        select: { email: true, userId: true },
      })
    : [];
  const resolved = rules.map((rule) => {
    let owner: string | null = null;
    if (rule.owner.startsWith("#")) {
      const team = teams.find((t) => t.slug === rule.owner.slice(1).toLowerCase());
      if (team) owner = `team:${team.id}`;
      else lineErrors.push({ line: rule.line, message: `${rule.owner} is not a team of this project` });
    } else {
      const user = users.find((u) => u.email === rule.owner.toLowerCase());
      if (user) owner = `user:${user.userId}`;
      else lineErrors.push({ line: rule.line, message: `${rule.owner} is not the verified email of an active user on a team of this project` });
    }
    return { rule, owner };
  });
  if (lineErrors.length > 0) throw ownershipError(lineErrors.sort((a, b) => a.line - b.line));
  return db.$transaction(async (tx) => {
    await tx.ownershipRule.deleteMany({ where: { projectId: input.projectId } });
    await tx.ownershipRule.createMany({
      data: resolved.map(({ rule, owner }, position) => ({ projectId: input.projectId, matcher: rule.matcher, key: rule.key, pattern: rule.pattern, owner: owner!, position })),
    });
    return tx.ownershipRule.findMany({ where: { projectId: input.projectId }, orderBy: { position: "asc" } });
  });
}

/** The rules as editable text, owners written back as #team or email. */
export async function readOwnershipRulesText(db: Db, projectId: string): Promise<string> {
  const rules = await db.ownershipRule.findMany({ where: { projectId }, orderBy: { position: "asc" } });
  const teamIds = rules.filter((r) => r.owner.startsWith("team:")).map((r) => r.owner.slice(5));
  const userIds = rules.filter((r) => r.owner.startsWith("user:")).map((r) => r.owner.slice(5));
  const teams = new Map((await db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, slug: true } })).map((t) => [t.id, `#${t.slug}`]));
  const users = new Map((await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
  return rules
    .map((r) => {
      const owner = r.owner.startsWith("team:") ? teams.get(r.owner.slice(5)) : users.get(r.owner.slice(5));
      const pattern = r.matcher === "tag" ? `${r.key}=${r.pattern}` : r.pattern;
      return `${r.matcher}:${pattern} ${owner ?? "(removed owner)"}`;
    })
    .join("\n");
}
