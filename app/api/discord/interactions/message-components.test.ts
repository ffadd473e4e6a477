// §9.4 over the real interactions route with real signatures: every row of the table, the checks
// in their order, [R] refusals that change nothing, replays, and fuzzed custom ids.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner } from "@/e2e/fakes/fake-discord";
import type { Db } from "@/lib/db/client";
import {
  ARCHIVED,
  ASSIGNEE_UPDATED,
  INVALID_GROUP_ID,
  MARKED_ONGOING,
  NO_IDENTITY,
  NOT_IN_ORG,
  RESOLVED,
  RESOLVED_IN_CURRENT_RELEASE,
  RESOLVED_IN_NEXT_RELEASE,
  UNRESOLVED,
} from "@/lib/integrations/discord/message-components";
import { componentCustomId } from "@/lib/integrations/discord/component-custom-id";
import { testDatabaseKinds } from "@/lib/testing/db";
import { componentBody, discordTestEnvironment, installDiscordGuild, linkDiscordUser, snowflake, withEnvironment } from "@/lib/testing/discord-fixtures";
import { createGroup, createMember, createOrganizationWithProject, createRelease, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { POST } from "./route";

const signer = new DiscordInteractionSigner();
const environment = withEnvironment(() => ({ ...discordTestEnvironment(signer), DISCORD_DEFERRED_AFTER_MS: "2500" }));
beforeAll(() => environment.apply());
afterAll(() => environment.restore());

interface Reply {
  type: number;
  data: { content: string; embeds: unknown[]; components: Array<{ type: number; components: Array<Record<string, unknown>> }>; flags: number };
}

async function send(body: string, headers: Record<string, string> = signer.headers(body)): Promise<{ status: number; reply: Reply }> {
  const response = await POST(new Request("https://tether.test/api/discord/interactions", { method: "POST", headers, body }), { params: Promise.resolve({}) });
  const text = await response.text();
  return { status: response.status, reply: (text ? JSON.parse(text) : null) as Reply };
}

describe.each(await testDatabaseKinds())("Discord message components (§9.4) on %s", (kind) => {
  const database = useTestDatabase(kind);
  const db = (): Db => database().prisma;

  /** An organization with the guild installed, a group, and its first member linked in the guild. */
  async function world(options: { members?: number } = {}) {
    const base = await createOrganizationWithProject(db(), { members: options.members ?? 2 });
    const guild = await installDiscordGuild(db(), base.organization.id);
    // The linked user: the first team member, or (members: 0) a member on no team of the project.
    const linkedUser = base.users[0] ?? (await createMember(db(), base.organization.id, { email: `linked-${snowflake()}@example.com` }));
    const discordUserId = await linkDiscordUser(db(), guild.idp.id, linkedUser.id);
    const group = await createGroup(db(), base.project.id);
    const click = (customId: string, extra: { values?: string[]; componentType?: number; discordUserId?: string; guildId?: string | null } = {}) =>
      send(componentBody({ customId, guildId: extra.guildId === undefined ? guild.guildId : extra.guildId, discordUserId: extra.discordUserId ?? discordUserId, values: extra.values, componentType: extra.componentType }));
    return { ...base, guild, linkedUser, discordUserId, group, click };
  }

  /** Everything a change would leave: the group row, its activity, history, assignee and sync rows other than interactions. */
  async function trail(groupId: string) {
    const [group, activities, histories, assignee, outbound] = await Promise.all([
      db().group.findUniqueOrThrow({ where: { id: groupId }, select: { status: true, substatus: true, statusDetails: true, resolvedAt: true } }),
      db().activity.count({ where: { groupId } }),
      db().groupHistory.count({ where: { groupId } }),
      db().groupAssignee.findUnique({ where: { groupId } }),
      db().syncEvent.count({ where: { groupId, direction: "outbound" } }),
    ]);
    return { group, activities, histories, assignee: assignee ? { userId: assignee.userId, teamId: assignee.teamId } : null, outbound };
  }

  function expectEphemeral(reply: Reply, type: number, content: string) {
    expect(reply).toEqual({ type, data: { content, embeds: [], components: [], flags: 64 } });
  }

  describe("the table", () => {
    it("assign_dialog lists the project's teams by #slug, then its members once each by display name, the current assignee as default", async () => {
      const w = await world({ members: 0 });
      const api = await db().team.create({ data: { organizationId: w.organization.id, slug: "api", name: "API" } });
      await db().projectTeam.create({ data: { projectId: w.project.id, teamId: api.id } });
      const zed = await createMember(db(), w.organization.id, { teamId: w.team.id, email: "zed@example.com" });
      const amy = await createMember(db(), w.organization.id, { teamId: w.team.id, email: "amy@example.com" });
      // On both teams: listed once.
      const amyMember = await db().organizationMember.findFirstOrThrow({ where: { userId: amy.id } });
      await db().teamMember.create({ data: { teamId: api.id, memberId: amyMember.id } });
      // Without a name: the email is the label.
      const bob = await createMember(db(), w.organization.id, { teamId: api.id, email: "bob@example.com" });
      await db().user.update({ where: { id: bob.id }, data: { name: null } });
      // Not on a team of the project: not offered.
      await createMember(db(), w.organization.id, { email: "outsider@example.com" });
      await db().groupAssignee.create({ data: { groupId: w.group.id, projectId: w.project.id, userId: zed.id } });
      const before = await trail(w.group.id);

      const { status, reply } = await w.click(`assign_dialog:${w.group.id}`);
      expect(status).toBe(200);
      expect(reply).toEqual({
        type: 4,
        data: {
          content: "",
          embeds: [],
          flags: 64,
          components: [
            {
              type: 1,
              components: [
                {
                  type: 3,
                  custom_id: `assign:${w.group.id}`,
                  placeholder: "Select Assignee...",
                  min_values: 1,
                  max_values: 1,
                  disabled: false,
                  options: [
                    { label: "#api", value: `team:${api.id}`, default: false },
                    { label: "#core", value: `team:${w.team.id}`, default: false },
                    { label: "amy", value: `user:${amy.id}`, default: false },
                    { label: "bob@example.com", value: `user:${bob.id}`, default: false },
                    { label: "zed", value: `user:${zed.id}`, default: true },
                  ],
                },
              ],
            },
          ],
        },
      });
      expect(await trail(w.group.id)).toEqual(before);
    });

    it("assign_dialog shows at most Discord's 25 options, keeping the current assignee", async () => {
      const w = await world({ members: 0 });
      const users = [];
      for (let i = 0; i < 26; i++) users.push(await createMember(db(), w.organization.id, { teamId: w.team.id, email: `member-${String(i).padStart(2, "0")}@example.com` }));
      const last = users[25]!;
      await db().groupAssignee.create({ data: { groupId: w.group.id, projectId: w.project.id, userId: last.id } });
      const { reply } = await w.click(`assign_dialog:${w.group.id}`);
      const options = reply.data.components[0]!.components[0]!.options as Array<{ value: string; default: boolean }>;
      expect(options).toHaveLength(25);
      expect(options.filter((option) => option.default)).toEqual([{ label: "member-25", value: `user:${last.id}`, default: true }]);
    });

    it("assign to a user: type 7, the assignee, activity with integration discord, history, sync history and an outbound Jira sync", async () => {
      const w = await world();
      const { externalIssue } = await linkExternalIssue(db(), { organizationId: w.organization.id, groupId: w.group.id, config: { sync_forward_assignment: true } });
      const assignee = w.users[1]!;
      const { reply } = await w.click(`assign:${w.group.id}`, { values: [`user:${assignee.id}`] });
      expectEphemeral(reply, 7, ASSIGNEE_UPDATED);

      expect(await db().groupAssignee.findUnique({ where: { groupId: w.group.id } })).toMatchObject({ userId: assignee.id, teamId: null });
      const [activity] = await db().activity.findMany({ where: { groupId: w.group.id } });
      expect(activity).toMatchObject({ type: "assigned", userId: w.linkedUser.id });
      expect(activity!.data).toMatchObject({
        assignee: assignee.id,
        assigneeType: "user",
        assigneeEmail: assignee.email,
        integration: "discord",
        source: { kind: "discord", integrationId: w.guild.integration.id },
      });
      expect(await db().groupHistory.findMany({ where: { groupId: w.group.id }, select: { status: true, actorUserId: true, source: true } })).toEqual([
        { status: "assigned", actorUserId: w.linkedUser.id, source: `discord:${w.guild.integration.id}` },
      ]);
      const interaction = await db().syncEvent.findFirstOrThrow({ where: { provider: "discord", kind: "interaction", groupId: w.group.id } });
      expect(interaction).toMatchObject({ direction: "inbound", outcome: "applied", organizationId: w.organization.id, integrationId: w.guild.integration.id });
      expect(JSON.stringify(interaction.payload)).not.toContain("interaction-token");
      const outbox = await db().syncEvent.findFirstOrThrow({ where: { provider: "jira", groupId: w.group.id } });
      expect(outbox).toMatchObject({ direction: "outbound", kind: "assignee", externalKey: externalIssue.key, job: "issue-sync" });
    });

    it("assign to a team of the project: type 7, and no Jira sync (teams are never pushed)", async () => {
      const w = await world();
      await linkExternalIssue(db(), { organizationId: w.organization.id, groupId: w.group.id, config: { sync_forward_assignment: true } });
      const { reply } = await w.click(`assign:${w.group.id}`, { values: [`team:${w.team.id}`] });
      expectEphemeral(reply, 7, ASSIGNEE_UPDATED);
      expect(await db().groupAssignee.findUnique({ where: { groupId: w.group.id } })).toMatchObject({ teamId: w.team.id, userId: null });
      expect(await db().syncEvent.count({ where: { provider: "jira", groupId: w.group.id } })).toBe(0);
    });

    it("resolve_dialog offers the three resolution targets and changes nothing", async () => {
      const w = await world();
      const before = await trail(w.group.id);
      const { reply } = await w.click(`resolve_dialog:${w.group.id}`);
      expect(reply).toEqual({
        type: 4,
        data: {
          content: "",
          embeds: [],
          flags: 64,
          components: [
            {
              type: 1,
              components: [
                {
                  type: 3,
                  custom_id: `resolve:${w.group.id}`,
                  placeholder: "Select the resolution target",
                  min_values: 1,
                  max_values: 1,
                  disabled: false,
                  options: [
                    { label: "Immediately", value: "immediately", default: false },
                    { label: "In the next release", value: "inNextRelease", default: false },
                    { label: "In the current release", value: "inCurrentRelease", default: false },
                  ],
                },
              ],
            },
          ],
        },
      });
      expect(await trail(w.group.id)).toEqual(before);
    });

    it("the resolve button resolves (type 4) and requests the outbound status sync", async () => {
      const w = await world();
      await linkExternalIssue(db(), { organizationId: w.organization.id, groupId: w.group.id, config: { sync_status_forward: true } });
      const { reply } = await w.click(`resolve:${w.group.id}`);
      expectEphemeral(reply, 4, RESOLVED);
      expect((await trail(w.group.id)).group).toMatchObject({ status: "resolved", substatus: null });
      const [activity] = await db().activity.findMany({ where: { groupId: w.group.id } });
      expect(activity).toMatchObject({ type: "set_resolved", data: { integration: "discord" } });
      expect(await db().syncEvent.count({ where: { provider: "jira", groupId: w.group.id, kind: "status", outcome: "pending" } })).toBe(1);
    });

    it("the resolve select: immediately (and any other value) resolves with type 7", async () => {
      for (const value of ["immediately", "whenever"]) {
        const w = await world();
        const { reply } = await w.click(`resolve:${w.group.id}`, { values: [value] });
        expectEphemeral(reply, 7, RESOLVED);
        expect((await trail(w.group.id)).group.status).toBe("resolved");
      }
    });

    it("the resolve select in the next release and in the current release set their status details (type 7)", async () => {
      const w = await world();
      await createRelease(db(), w.project.id, "1.0.0", new Date(Date.now() - 60_000));
      await createRelease(db(), w.project.id, "1.1.0");
      const next = await w.click(`resolve:${w.group.id}`, { values: ["inNextRelease"] });
      expectEphemeral(next.reply, 7, RESOLVED_IN_NEXT_RELEASE);
      expect((await trail(w.group.id)).group).toMatchObject({ status: "resolved", statusDetails: { inNextRelease: true } });

      const other = await createGroup(db(), w.project.id);
      const current = await w.click(`resolve:${other.id}`, { values: ["inCurrentRelease"] });
      expectEphemeral(current.reply, 7, RESOLVED_IN_CURRENT_RELEASE);
      expect((await trail(other.id)).group).toMatchObject({ status: "resolved", statusDetails: { inRelease: "1.1.0" } });
    });

    it("unresolve reopens as ongoing, mark_ongoing marks ongoing, archive archives until escalating (type 4 each)", async () => {
      const w = await world();
      await db().group.update({ where: { id: w.group.id }, data: { status: "resolved", substatus: null, resolvedAt: new Date() } });
      expectEphemeral((await w.click(`unresolve:${w.group.id}`)).reply, 4, UNRESOLVED);
      expect((await trail(w.group.id)).group).toMatchObject({ status: "unresolved", substatus: "ongoing" });

      const fresh = await createGroup(db(), w.project.id);
      expectEphemeral((await w.click(`mark_ongoing:${fresh.id}`)).reply, 4, MARKED_ONGOING);
      expect((await trail(fresh.id)).group).toMatchObject({ status: "unresolved", substatus: "ongoing" });

      expectEphemeral((await w.click(`archive:${w.group.id}`)).reply, 4, ARCHIVED);
      expect((await trail(w.group.id)).group).toMatchObject({ status: "ignored", substatus: "until_escalating" });
      const archived = await db().activity.findFirstOrThrow({ where: { groupId: w.group.id, type: "set_ignored" } });
      expect(archived.data).toMatchObject({ integration: "discord", source: { kind: "discord" } });
    });

    it("custom ids the alert messages carry round-trip to their group", async () => {
      const w = await world();
      expectEphemeral((await w.click(componentCustomId("resolve", w.group))).reply, 4, RESOLVED);
    });
  });

  describe("[R] an action that cannot be done answers why and changes nothing", () => {
    it("resolving in the next or current release of a project without releases", async () => {
      const w = await world();
      await linkExternalIssue(db(), { organizationId: w.organization.id, groupId: w.group.id, config: { sync_status_forward: true } });
      const before = await trail(w.group.id);
      for (const value of ["inNextRelease", "inCurrentRelease"]) {
        const { reply } = await w.click(`resolve:${w.group.id}`, { values: [value] });
        expect(reply.type).toBe(4);
        expect(reply.data.flags).toBe(64);
        expect(reply.data.content).toMatch(/^The issue was not resolved: .*no release/);
      }
      expect(await trail(w.group.id)).toEqual(before);
      // The interaction itself is on the sync history, as skipped with the reason.
      const rows = await db().syncEvent.findMany({ where: { provider: "discord", groupId: w.group.id } });
      expect(rows.map((row) => row.outcome)).toEqual(["skipped", "skipped"]);
      expect(rows[0]!.reason).toContain("resolve refused");
    });

    it("assigning a user who is not on the project's teams, an unknown user or team, or no value", async () => {
      const w = await world();
      const offTeam = await createMember(db(), w.organization.id, { email: "off-team@example.com" });
      const otherOrg = await createOrganizationWithProject(db(), { members: 1 });
      const before = await trail(w.group.id);
      const cases: Array<[string[] | undefined, RegExp]> = [
        [[`user:${offTeam.id}`], /^The assignee was not changed: off-team@example.com is not a member of a team/],
        [["user:nobody"], /^The assignee was not changed: User not found/],
        [["team:nothing"], /^The assignee was not changed: Team not found/],
        [[`team:${otherOrg.team.id}`], /^The assignee was not changed: Team not found/],
        [[`user:${otherOrg.users[0]!.id}`], /^The assignee was not changed: User not found/],
        [["bogus"], /^The assignee was not changed: choose a user or a team/],
        [[], /^The assignee was not changed: choose a user or a team/],
      ];
      for (const [values, text] of cases) {
        const { status, reply } = await w.click(`assign:${w.group.id}`, { values: values ?? [], componentType: 3 });
        expect(status).toBe(200);
        expect(reply.type, JSON.stringify(values)).toBe(4);
        expect(reply.data.content, JSON.stringify(values)).toMatch(text);
      }
      expect(await trail(w.group.id)).toEqual(before);
    });
  });

  describe("the checks, in order", () => {
    it("an unlinked user, a DM, an unknown guild and a removed integration get the link text, before the group is looked at", async () => {
      const w = await world();
      const before = await trail(w.group.id);
      const unknownGuild = snowflake();
      for (const extra of [{ discordUserId: snowflake() }, { guildId: null }, { guildId: unknownGuild }, { discordUserId: snowflake(), guildId: null }]) {
        expectEphemeral((await w.click(`resolve:${w.group.id}`, extra)).reply, 4, NO_IDENTITY);
        expectEphemeral((await w.click("not-a-custom-id", extra)).reply, 4, NO_IDENTITY);
      }
      await db().integration.update({ where: { id: w.guild.integration.id }, data: { status: "disabled" } });
      expectEphemeral((await w.click(`resolve:${w.group.id}`)).reply, 4, NO_IDENTITY);
      expect(await trail(w.group.id)).toEqual(before);
    });

    it("an empty, colon-less, malformed, unknown or foreign group id is an invalid group id", async () => {
      const w = await world();
      const foreign = await createOrganizationWithProject(db(), { members: 0 });
      const foreignGroup = await createGroup(db(), foreign.project.id);
      // A member of the foreign organization too: still, its organization does not have this guild.
      await db().organizationMember.create({ data: { organizationId: foreign.organization.id, userId: w.linkedUser.id } });
      const ids = ["", "resolve", "resolve:", "resolve:not an id", "resolve:ünïcode", `resolve:${"a".repeat(65)}`, "resolve:cnotagroupatall0000000000", `resolve:${foreignGroup.id}`];
      for (const customId of ids) expectEphemeral((await w.click(customId)).reply, 4, INVALID_GROUP_ID);
      const before = await trail(foreignGroup.id);
      expect(before.activities).toBe(0);
      expect(await trail(foreignGroup.id)).toEqual(before);
    });

    it("a group of an organization that removed the guild is an invalid group id", async () => {
      const w = await world();
      await db().organizationIntegration.updateMany({ where: { organizationId: w.organization.id }, data: { status: "disabled" } });
      expectEphemeral((await w.click(`resolve:${w.group.id}`)).reply, 4, INVALID_GROUP_ID);
      expect((await trail(w.group.id)).group.status).toBe("unresolved");
    });

    it("a linked user who is not a member of the group's organization gets the not-member text", async () => {
      const w = await world();
      const stranger = await createOrganizationWithProject(db(), { members: 1 });
      const strangerDiscordId = await linkDiscordUser(db(), w.guild.idp.id, stranger.users[0]!.id);
      const before = await trail(w.group.id);
      for (const customId of [`resolve:${w.group.id}`, `assign_dialog:${w.group.id}`, `frobnicate:${w.group.id}`]) {
        expectEphemeral((await w.click(customId, { discordUserId: strangerDiscordId })).reply, 4, NOT_IN_ORG);
      }
      expect(await trail(w.group.id)).toEqual(before);
      const row = await db().syncEvent.findFirstOrThrow({ where: { provider: "discord", groupId: w.group.id } });
      expect(row).toMatchObject({ outcome: "skipped", reason: "not a member of the organization", organizationId: w.organization.id });
    });

    it("an unknown action on a valid group is an invalid group id (prefix dispatch, first match wins)", async () => {
      const w = await world();
      expectEphemeral((await w.click(`frobnicate:${w.group.id}`)).reply, 4, INVALID_GROUP_ID);
      // "resolve_dialogue" starts with resolve_dialog: the dialog, as Sentry's prefix match has it.
      expect((await w.click(`resolve_dialogue:${w.group.id}`)).reply.data.components).toHaveLength(1);
      expect((await trail(w.group.id)).group.status).toBe("unresolved");
    });
  });

  it("a replayed interaction is answered without acting twice", async () => {
    const w = await world();
    const body = componentBody({ customId: `archive:${w.group.id}`, guildId: w.guild.guildId, discordUserId: w.discordUserId });
    const headers = signer.headers(body);
    expectEphemeral((await send(body, headers)).reply, 4, ARCHIVED);
    await db().group.update({ where: { id: w.group.id }, data: { status: "unresolved", substatus: "ongoing", statusDetails: {} } });
    const replay = await send(body, headers);
    expect(replay.status).toBe(200);
    expect(replay.reply.data.content).toBe("This interaction was already handled.");
    expect((await trail(w.group.id)).group.status).toBe("unresolved");
    expect(await db().activity.count({ where: { groupId: w.group.id } })).toBe(1);
    expect(await db().syncEvent.count({ where: { provider: "discord", groupId: w.group.id } })).toBe(1);
  });

  it("a custom id longer than Discord's 100 characters is a 400, not a 500", async () => {
    const w = await world();
    const { status } = await w.click(`resolve:${w.group.id}${"x".repeat(100)}`);
    expect(status).toBe(400);
  });

  it("fuzzed custom ids and values never answer 500 and never change a group", async () => {
    const w = await world();
    await linkExternalIssue(db(), { organizationId: w.organization.id, groupId: w.group.id, config: { sync_forward_assignment: true, sync_status_forward: true } });
    const before = await trail(w.group.id);
    const action = fc.constantFrom("assign_dialog", "assign", "resolve_dialog", "resolve", "unresolve", "mark_ongoing", "archive", "", "x");
    // Anything but the real group id in the id's place (a random string is never that cuid).
    const groupSegment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(w.group.id.toUpperCase(), `${w.group.id} `, ` ${w.group.id}`, `${w.group.id}x`, "1", "-1", "0x10"));
    const customId = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.tuple(action, groupSegment, fc.option(fc.string({ maxLength: 10 }))).map(([a, g, tail]) => `${a}:${g}${tail === null ? "" : `:${tail}`}`.slice(0, 100)),
    );
    const values = fc.option(fc.array(fc.string({ maxLength: 100 }), { maxLength: 3 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(customId, values, async (id, chosen) => {
        const { status, reply } = await w.click(id, { values: chosen });
        expect(status).toBe(200);
        expect([4, 7]).toContain(reply.type);
        expect(reply.data.flags).toBe(64);
      }),
      { numRuns: kind === "pglite" ? 60 : 40 },
    );
    expect(await trail(w.group.id)).toEqual(before);
  });
});
