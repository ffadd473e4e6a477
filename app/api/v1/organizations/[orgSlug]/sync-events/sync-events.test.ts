import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealSecrets } from "@/lib/crypto/secrets";
import { setDatabase, type Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { callRoute, createGroupsWorld, sessionCookieFor, tokenFor } from "@/lib/testing/ui-fixtures";
import { GET as getSyncEventRoute } from "./[syncEventId]/route";
import { GET as listSyncEventsRoute } from "./route";

interface ListedRow {
  id: string;
  provider: string;
  kind: string;
  direction: string;
  outcome: string;
  createdAt: string;
  group: { id: string; shortId: string } | null;
}
interface ListAnswer {
  items: ListedRow[];
  nextCursor: string | null;
  group?: { id: string; shortId: string; title: string } | null;
}

describe.each(await testDatabaseKinds())("GET sync-events (filters, keyset pages) on %s", (kind) => {
  let database: Database;
  let world: Awaited<ReturnType<typeof createGroupsWorld>>;
  let cookie: string;
  let theirCookie: string;
  let readToken: string;
  const ids: Record<string, string> = {};
  const base = Date.parse("2026-11-20T10:00:00Z");
  const at = (minutes: number) => new Date(base + minutes * 60_000);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    world = await createGroupsWorld(db);
    cookie = await sessionCookieFor(world.member.id);
    theirCookie = await sessionCookieFor(world.outsider.id);
    readToken = await tokenFor(db, world.ours.id, ["issues:read"], world.admin.id);
    const row = async (name: string, data: Omit<Prisma.SyncEventUncheckedCreateInput, "organizationId"> & { organizationId?: string }) => {
      ids[name] = (await db.syncEvent.create({ data: { organizationId: world.ours.id, ...data } })).id;
    };
    // Newest first: dFollowUp, cFailed, bInbound, aDiscord, then tie1/tie2 on one instant, then old.
    await row("old", { provider: "jira", direction: "outbound", kind: "status", outcome: "applied", groupId: world.groups.timeout.id, createdAt: at(-3 * 24 * 60) });
    await row("tie1", { provider: "jira", direction: "outbound", kind: "assignee", outcome: "applied", groupId: world.groups.checkout.id, createdAt: at(0) });
    await row("tie2", { provider: "jira", direction: "outbound", kind: "assignee", outcome: "applied", groupId: world.groups.checkout.id, createdAt: at(0) });
    await row("aDiscord", { provider: "discord", direction: "inbound", kind: "interaction", outcome: "applied", groupId: world.groups.checkout.id, createdAt: at(1), payload: { channelId: "222", discordUserId: "333", userId: null } });
    await row("bInbound", { provider: "jira", direction: "inbound", kind: "status", outcome: "skipped", reason: "no change", createdAt: at(2) });
    await row("cFailed", {
      provider: "jira", direction: "outbound", kind: "assignee", outcome: "failed", error: "Jira answered 400", attempt: 6, groupId: world.groups.checkout.id, externalKey: "APP-7", createdAt: at(3),
      payload: { externalIssueId: "ext-1" },
    });
    await row("dFollowUp", {
      provider: "discord", direction: "outbound", kind: "interaction", outcome: "pending", job: "discord-follow-up", createdAt: at(4), deliveryId: "d-1",
      payload: { applicationId: "1", interactionId: "2", sealedToken: sealSecrets({ token: "interaction-token-secret" }), target: "create", message: { content: "Resolved API-1", embeds: [] }, webhookSecret: "plain-secret", channelId: "222" },
    });
    await row("theirs", { organizationId: world.theirs.id, provider: "jira", direction: "outbound", kind: "assignee", outcome: "failed", groupId: world.theirGroup.id, createdAt: at(5) });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const list = async (search: string, credentials: { cookie?: string; token?: string } = { cookie }) => {
    const res = await callRoute(listSyncEventsRoute, `/api/v1/organizations/${world.ours.slug}/sync-events${search}`, { orgSlug: world.ours.slug }, credentials);
    return { status: res.status, body: (await res.json()) as ListAnswer & { error?: { code: string; details?: { fields?: Record<string, string[]> } } } };
  };
  const names = (answer: ListAnswer) => answer.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? item.id);

  it("lists the organization's rows newest first, never another organization's", async () => {
    const { status, body } = await list("");
    expect(status).toBe(200);
    expect(names(body)).toEqual(["dFollowUp", "cFailed", "bInbound", "aDiscord", ids.tie2 > ids.tie1 ? "tie2" : "tie1", ids.tie2 > ids.tie1 ? "tie1" : "tie2", "old"]);
    expect(JSON.stringify(body)).not.toContain("sealedToken");
  });

  it.each([
    ["provider=discord", ["dFollowUp", "aDiscord"]],
    ["kind=status", ["bInbound", "old"]],
    ["direction=inbound", ["bInbound", "aDiscord"]],
    ["outcome=failed", ["cFailed"]],
    ["outcome=pending", ["dFollowUp"]],
    ["from=2026-11-20&to=2026-11-20", ["dFollowUp", "cFailed", "bInbound", "aDiscord", "tie", "tie"]],
    ["from=2026-11-20T10:02:00Z", ["dFollowUp", "cFailed", "bInbound"]],
    ["to=2026-11-20T10:02:00Z", ["aDiscord", "tie", "tie", "old"]],
    ["provider=jira&direction=outbound&kind=assignee&outcome=applied&from=2026-11-19", ["tie", "tie"]],
    ["provider=discord&outcome=failed", []],
  ])("filters by %s", async (search, expected) => {
    const { status, body } = await list(`?${search}`);
    expect(status).toBe(200);
    expect(names(body).map((name) => (name.startsWith("tie") ? "tie" : name))).toEqual(expected);
  });

  it("filters by group id and by short id, and names the group; an unknown or foreign group lists nothing", async () => {
    const byId = await list(`?group=${world.groups.checkout.id}`);
    expect(names(byId.body)).toHaveLength(4);
    expect(byId.body.group).toMatchObject({ id: world.groups.checkout.id, title: "TypeError: price is undefined" });
    const shortId = byId.body.group!.shortId;
    expect(shortId).toMatch(/^API-/);
    const byShortId = await list(`?group=${shortId.toLowerCase()}&outcome=failed`);
    expect(names(byShortId.body)).toEqual(["cFailed"]);
    for (const group of [world.theirGroup.id, "API-ZZZZ", "no-such-group"]) {
      const { status, body } = await list(`?group=${group}`);
      expect(status, group).toBe(200);
      expect(body, group).toMatchObject({ items: [], nextCursor: null, group: null });
    }
  });

  it("pages by cursor without losing or repeating rows, also across rows of one instant", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: ListAnswer } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual((await list("")).body.items.map((item) => item.id));
    // A cursor keeps the filters it was read with: the second page of failed/pending-free jira rows.
    const first = await list("?provider=jira&limit=1");
    const second = await list(`?provider=jira&limit=1&cursor=${first.body.nextCursor}`);
    expect(names(second.body)).toEqual(["bInbound"]);
  });

  it("answers 400 naming the field for each bad value", async () => {
    for (const [search, field] of [
      ["?provider=github", "provider"],
      ["?kind=comment", "kind"],
      ["?direction=sideways", "direction"],
      ["?outcome=dead", "outcome"],
      ["?from=yesterday", "from"],
      ["?to=2026-13-40", "to"],
      ["?from=2026-11-21&to=2026-11-20", "to"],
      ["?cursor=abc", "cursor"],
      ["?cursor=" + Buffer.from("not-a-time.x").toString("base64url"), "cursor"],
      ["?limit=0", "limit"],
      ["?limit=500", "limit"],
      ["?group=" + "x".repeat(101), "group"],
    ] as const) {
      const { status, body } = await list(search);
      expect(status, search).toBe(400);
      expect(body.error?.code, search).toBe("validation_failed");
      expect(Object.keys(body.error?.details?.fields ?? {}), search).toEqual([field]);
    }
  });

  it("serves an issues:read token; another organization's member gets 404", async () => {
    expect((await list("?outcome=failed", { token: readToken })).status).toBe(200);
    expect((await list("", { cookie: theirCookie })).status).toBe(404);
    expect((await list("", {})).status).toBe(401);
  });

  describe("GET sync-events/{id}", () => {
    const detail = async (id: string, credentials: { cookie?: string } = { cookie }) => {
      const res = await callRoute(getSyncEventRoute, `/api/v1/organizations/${world.ours.slug}/sync-events/${id}`, { orgSlug: world.ours.slug, syncEventId: id }, credentials);
      return { status: res.status, text: await res.text() };
    };

    it("shows everything about a row, the group by short id", async () => {
      const { status, text } = await detail(ids.cFailed);
      expect(status).toBe(200);
      expect((JSON.parse(text) as { group: { shortId: string } }).group.shortId).toMatch(/^API-/);
      expect(JSON.parse(text)).toMatchObject({
        id: ids.cFailed,
        outcome: "failed",
        error: "Jira answered 400",
        attempt: 6,
        externalKey: "APP-7",
        group: { id: world.groups.checkout.id },
        payload: { fields: [{ name: "externalIssueId", value: "ext-1" }], hidden: [] },
      });
    });

    it("never shows a sealed or secret payload value", async () => {
      const { status, text } = await detail(ids.dFollowUp);
      expect(status).toBe(200);
      const body = JSON.parse(text) as { job: string; deliveryId: string; payload: { hidden: string[]; fields: { name: string; value: string }[] } };
      expect(body).toMatchObject({ job: "discord-follow-up", deliveryId: "d-1" });
      expect(body.payload.hidden.sort()).toEqual(["sealedToken", "webhookSecret"]);
      expect(body.payload.fields).toContainEqual({ name: "message.content", value: "Resolved API-1" });
      expect(text).not.toContain("v1.");
      expect(text).not.toContain("plain-secret");
      expect(text).not.toContain("interaction-token-secret");
    });

    it("answers 404 for another organization's row and to another organization's member", async () => {
      expect((await detail(ids.theirs)).status).toBe(404);
      expect((await detail("no-such-row")).status).toBe(404);
      expect((await detail(ids.cFailed, { cookie: theirCookie })).status).toBe(404);
    });
  });
});
