import { MEMBER_ROLES, type MemberRoleName } from "@/lib/auth/scopes";
import { addUserEmail } from "@/lib/domain/organizations/add-user-email";
import { createUser } from "@/lib/domain/organizations/create-user";
import { deactivateUser } from "@/lib/domain/organizations/deactivate-user";
import { findOrganization } from "@/lib/domain/organizations/lookups";
import { setUserPassword } from "@/lib/domain/organizations/set-user-password";
import { UsageError, type CliCommand } from "./command";

export const userCommands: CliCommand[] = [
  {
    name: "user create",
    summary: "Create a user who can sign in with the email and password; optionally make them a member of an organization.",
    options: {
      email: { type: "string", required: true, description: "primary email (stored lower-case, verified)" },
      password: { type: "string", required: true, description: "password (at least 8 characters)" },
      name: { type: "string", description: "display name" },
      org: { type: "string", value: "<slug>", description: "organization to join" },
      role: { type: "string", choices: MEMBER_ROLES, description: "role in --org (default member)" },
    },
    async run({ db }, args) {
      const orgSlug = args.get("org");
      const role = args.get("role") as MemberRoleName | undefined;
      if (role && !orgSlug) throw new UsageError("--role needs --org: a role is held in an organization");
      const organization = orgSlug ? await findOrganization(db, { slug: orgSlug }) : null;
      const { user, membership } = await createUser(db, {
        email: args.need("email"),
        password: args.need("password"),
        name: args.get("name"),
        membership: organization ? { organizationId: organization.id, role: role ?? "member" } : undefined,
      });
      const joined = organization && membership ? `, ${membership.role} of ${organization.slug}` : "";
      return {
        json: {
          id: user.id,
          email: user.email,
          name: user.name,
          membership: organization && membership ? { organizationId: organization.id, organization: organization.slug, role: membership.role } : null,
        },
        text: `Created user ${user.email} (id ${user.id})${joined}`,
      };
    },
  },
  {
    name: "user add-email",
    summary: "Add another email address to a user (verified unless --unverified).",
    options: {
      user: { type: "string", required: true, value: "<email-or-id>", description: "the user, by an email they have or by id" },
      email: { type: "string", required: true, description: "the address to add" },
      unverified: { type: "boolean", description: "store the address as not verified" },
    },
    async run({ db }, args) {
      const { user, email } = await addUserEmail(db, { user: args.need("user"), email: args.need("email"), verified: !args.flag("unverified") });
      return {
        json: { id: email.id, userId: user.id, email: email.email, verified: email.isVerified },
        text: `Added ${email.isVerified ? "verified" : "unverified"} email ${email.email} to ${user.email}`,
      };
    },
  },
  {
    name: "user set-password",
    summary: "Give a user a new password; this signs them out everywhere.",
    options: {
      user: { type: "string", required: true, value: "<email-or-id>", description: "the user, by email or id" },
      password: { type: "string", required: true, description: "the new password (at least 8 characters)" },
    },
    async run({ db }, args) {
      const { user } = await setUserPassword(db, { user: args.need("user"), password: args.need("password") });
      return {
        json: { id: user.id, email: user.email },
        text: `Set a new password for ${user.email}; their sessions have ended`,
      };
    },
  },
  {
    name: "user deactivate",
    summary: "Stop a user from signing in (their history stays).",
    options: {
      user: { type: "string", required: true, value: "<email-or-id>", description: "the user, by email or id" },
    },
    async run({ db }, args) {
      const { user, changed } = await deactivateUser(db, { user: args.need("user") });
      return {
        json: { id: user.id, email: user.email, isActive: user.isActive, changed },
        text: changed ? `Deactivated ${user.email}` : `${user.email} was already inactive; nothing changed`,
      };
    },
  },
];
