import { addProjectTeam } from "@/lib/domain/organizations/add-project-team";
import { createProject } from "@/lib/domain/organizations/create-project";
import { type CliCommand, listOption, ORG_OPTION, organizationFrom } from "./command";

export const projectCommands: CliCommand[] = [
  {
    name: "project create",
    summary: "Create a project; a slug made from the name gets -2, -3, … when taken.",
    options: {
      org: ORG_OPTION,
      name: { type: "string", required: true, description: "display name" },
      slug: { type: "string", value: "<slug>", description: "explicit slug (must be free)" },
      team: { type: "string", value: "<slug>[,<slug>…]", description: "teams that work on the project" },
      platform: { type: "string", description: "platform, e.g. python or javascript-react" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const { project, teams } = await createProject(db, {
        organizationId: organization.id,
        name: args.need("name"),
        slug: args.get("slug"),
        platform: args.get("platform"),
        teams: listOption(args.get("team")),
      });
      const teamText = teams.length ? `, teams ${teams.map((t) => t.slug).join(", ")}` : "";
      return {
        json: { id: project.id, slug: project.slug, name: project.name, organizationId: organization.id, teams: teams.map((t) => t.slug) },
        text: `Created project ${project.name} (slug ${project.slug}, id ${project.id}) in ${organization.slug}${teamText}`,
      };
    },
  },
  {
    name: "project add-team",
    summary: "Give a team access to a project.",
    options: {
      org: ORG_OPTION,
      project: { type: "string", required: true, value: "<slug-or-id>", description: "the project" },
      team: { type: "string", required: true, value: "<slug-or-id>", description: "the team" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const { project, team, changed } = await addProjectTeam(db, { organizationId: organization.id, project: args.need("project"), team: args.need("team") });
      return {
        json: { projectId: project.id, teamId: team.id, changed },
        text: changed ? `Team ${team.slug} now works on ${project.slug}` : `Team ${team.slug} already works on ${project.slug}; nothing changed`,
      };
    },
  },
];
