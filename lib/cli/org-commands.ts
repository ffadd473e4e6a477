import { MEMBER_ROLES, type MemberRoleName } from "@/lib/auth/scopes";
import { addOrganizationMember } from "@/lib/domain/organizations/add-organization-member";
import { createOrganization } from "@/lib/domain/organizations/create-organization";
import { type CliCommand, ORG_OPTION, organizationFrom } from "./command";

export const orgCommands: CliCommand[] = [
  {
    name: "org create",
    summary: "Create an organization (the slug is made from the name unless given).",
    options: {
      name: { type: "string", required: true, description: "display name" },
      slug: { type: "string", value: "<slug>", description: "URL name: a-z, 0-9 and '-'" },
    },
    async run({ db }, args) {
      const organization = await createOrganization(db, { name: args.need("name"), slug: args.get("slug") });
      return {
        json: { id: organization.id, slug: organization.slug, name: organization.name },
        text: `Created organization ${organization.name} (slug ${organization.slug}, id ${organization.id})`,
      };
    },
  },
  {
    name: "org add-member",
    summary: "Add an existing user to an organization, or change a member's role.",
    options: {
      org: ORG_OPTION,
      user: { type: "string", required: true, value: "<email-or-id>", description: "the user" },
      role: { type: "string", choices: MEMBER_ROLES, description: "role (default member)" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const { member, user, changed } = await addOrganizationMember(db, {
        organizationId: organization.id,
        user: args.need("user"),
        role: args.get("role") as MemberRoleName | undefined,
      });
      return {
        json: { organizationId: organization.id, userId: user.id, memberId: member.id, role: member.role, changed },
        text: changed
          ? `${user.email} is now ${member.role} of ${organization.slug}`
          : `${user.email} already was ${member.role} of ${organization.slug}; nothing changed`,
      };
    },
  },
  {
    name: "org list",
    summary: "List organizations with their member and project counts.",
    options: {},
    async run({ db }) {
      const organizations = await db.organization.findMany({
        orderBy: { slug: "asc" },
        select: { id: true, slug: true, name: true, _count: { select: { members: true, projects: true } } },
      });
      const rows = organizations.map((o) => ({ id: o.id, slug: o.slug, name: o.name, members: o._count.members, projects: o._count.projects }));
      return {
        json: rows,
        text: rows.length
          ? rows.map((o) => `${o.slug.padEnd(24)} ${o.name}  (${o.members} members, ${o.projects} projects, id ${o.id})`).join("\n")
          : "No organizations yet: create one with `tether org create --name <name>` or load the demo with `tether demo`",
      };
    },
  },
];
