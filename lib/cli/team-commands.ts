import { addTeamMember } from "@/lib/domain/organizations/add-team-member";
import { createTeam } from "@/lib/domain/organizations/create-team";
import { type CliCommand, ORG_OPTION, organizationFrom } from "./command";

export const teamCommands: CliCommand[] = [
  {
    name: "team create",
    summary: "Create a team in an organization (the slug is made from the name unless given).",
    options: {
      org: ORG_OPTION,
      name: { type: "string", required: true, description: "display name" },
      slug: { type: "string", value: "<slug>", description: "team slug, unique in the organization" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const team = await createTeam(db, { organizationId: organization.id, name: args.need("name"), slug: args.get("slug") });
      return {
        json: { id: team.id, slug: team.slug, name: team.name, organizationId: organization.id },
        text: `Created team ${team.name} (slug ${team.slug}, id ${team.id}) in ${organization.slug}`,
      };
    },
  },
  {
    name: "team add-member",
    summary: "Put a member of the organization on a team.",
    options: {
      org: ORG_OPTION,
      team: { type: "string", required: true, value: "<slug-or-id>", description: "the team" },
      user: { type: "string", required: true, value: "<email-or-id>", description: "the user (must be an organization member)" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const { team, user, teamMember, changed } = await addTeamMember(db, { organizationId: organization.id, team: args.need("team"), user: args.need("user") });
      return {
        json: { id: teamMember.id, teamId: team.id, userId: user.id, changed },
        text: changed ? `Added ${user.email} to team ${team.slug}` : `${user.email} already is on team ${team.slug}; nothing changed`,
      };
    },
  },
];
