export const ROLE_LABEL: Record<string, string> = { owner: "Owner", admin: "Admin", member: "Member" };

export const ROLE_HELP: Record<string, string> = {
  owner: "everything, including owners",
  admin: "members, teams, integrations, tokens",
  member: "triage groups, link issues",
};
