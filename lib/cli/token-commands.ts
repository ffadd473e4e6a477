import { z } from "zod";
import { API_SCOPES } from "@/lib/auth/scopes";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/auth/tokens";
import { findUser } from "@/lib/domain/organizations/lookups";
import { parseInput } from "@/lib/domain/organizations/parse-input";
import { badRequest } from "@/lib/http/errors";
import { type CliCommand, listOption, ORG_OPTION, organizationFrom } from "./command";

const scopeSchema = z.enum(API_SCOPES, { error: (issue) => `Unknown scope '${String(issue.input)}'; scopes are ${API_SCOPES.join(", ")}` });

const tokenInputSchema = z.object({
  name: z.string().trim().min(1, "Name must not be empty").max(100, "Name must be at most 100 characters"),
  scopes: z.array(scopeSchema).min(1, `Give at least one scope: ${API_SCOPES.join(", ")}`),
});

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "never");

export const tokenCommands: CliCommand[] = [
  {
    name: "token create",
    summary: `Create an API token for an organization and print it once. Scopes: ${API_SCOPES.join(", ")}.`,
    options: {
      org: ORG_OPTION,
      scopes: { type: "string", required: true, value: "<scope>[,<scope>…]", description: "what the token may do" },
      name: { type: "string", description: "a name to recognise the token by (default 'CLI token')" },
      user: { type: "string", value: "<email-or-id>", description: "member recorded as the token's creator" },
    },
    async run({ db }, args) {
      const input = parseInput(tokenInputSchema, { name: args.get("name") ?? "CLI token", scopes: listOption(args.need("scopes")) }, "Invalid token");
      const organization = await organizationFrom(db, args);
      const userRef = args.get("user");
      const creator = userRef ? await findUser(db, userRef) : null;
      if (creator) {
        const member = await db.organizationMember.findUnique({
          where: { organizationId_userId: { organizationId: organization.id, userId: creator.id } },
        });
        if (!member) throw badRequest(`${creator.email} is not a member of ${organization.slug}`, { fields: { user: ["Not a member of the organization"] } });
      }
      const token = await createApiToken(db, { organizationId: organization.id, name: input.name, scopes: input.scopes, createdById: creator?.id });
      return {
        json: { id: token.id, name: token.name, scopes: token.scopes, prefix: token.prefix, token: token.token, organization: organization.slug },
        text: [
          `Created API token '${token.name}' (id ${token.id}) for ${organization.slug} with scopes ${token.scopes.join(", ")}:`,
          "",
          `  ${token.token}`,
          "",
          "Copy it now: it is stored hashed and cannot be shown again.",
        ].join("\n"),
      };
    },
  },
  {
    name: "token list",
    summary: "List an organization's API tokens (never the tokens themselves).",
    options: {
      org: ORG_OPTION,
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const tokens = await listApiTokens(db, organization.id);
      const text = tokens.length
        ? tokens
            .map((t) => `${t.id}  ${`${t.prefix}…`.padEnd(14)} ${t.name}  [${t.scopes.join(",")}]  last used ${day(t.lastUsedAt)}${t.revokedAt ? `  REVOKED ${day(t.revokedAt)}` : ""}`)
            .join("\n")
        : `${organization.slug} has no API tokens`;
      return { json: tokens, text };
    },
  },
  {
    name: "token revoke",
    summary: "Revoke an API token; requests with it are refused from then on.",
    options: {
      org: ORG_OPTION,
      id: { type: "string", required: true, value: "<token-id>", description: "the token's id (see token list)" },
    },
    async run({ db }, args) {
      const organization = await organizationFrom(db, args);
      const id = args.need("id");
      await revokeApiToken(db, { organizationId: organization.id, tokenId: id });
      return { json: { id, revoked: true }, text: `Revoked API token ${id}` };
    },
  },
];
