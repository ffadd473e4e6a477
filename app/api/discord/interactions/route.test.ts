// §9.1: the interactions endpoint over its real route handler, with real Ed25519 signatures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner, interactionBody } from "@/e2e/fakes/fake-discord";
import { testDatabaseKinds } from "@/lib/testing/db";
import { discordTestEnvironment, withEnvironment } from "@/lib/testing/discord-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { POST } from "./route";

const URL_ = "https://tether.test/api/discord/interactions";
const signer = new DiscordInteractionSigner();

function post(body: string, headers: Record<string, string> = signer.headers(body)) {
  return POST(new Request(URL_, { method: "POST", headers, body }), { params: Promise.resolve({}) });
}

const environment = withEnvironment(() => discordTestEnvironment(signer));
beforeAll(() => environment.apply());
afterAll(() => environment.restore());

describe.each(await testDatabaseKinds())("POST /api/discord/interactions on %s", (kind) => {
  const database = useTestDatabase(kind);

  it("answers a signed PING with {type: 1}", async () => {
    const response = await post(interactionBody({ type: 1 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it("refuses missing, non-hex, wrong and stale signatures with a 401 JSON error, before parsing", async () => {
    const body = interactionBody({ type: 1 });
    const good = signer.headers(body);
    const cases: Array<[string, Record<string, string>, string]> = [
      ["no signature", { "content-type": "application/json", "x-signature-timestamp": good["x-signature-timestamp"]! }, "missing_signature"],
      ["no timestamp", { "content-type": "application/json", "x-signature-ed25519": good["x-signature-ed25519"]! }, "missing_signature"],
      ["non-hex", { ...good, "x-signature-ed25519": "zz".repeat(64) }, "malformed_signature"],
      ["another key", new DiscordInteractionSigner().headers(body, good["x-signature-timestamp"]), "invalid_signature"],
      ["stale", signer.headers(body, String(Math.floor(Date.now() / 1000) - 360)), "stale_timestamp"],
      ["future", signer.headers(body, String(Math.floor(Date.now() / 1000) + 360)), "stale_timestamp"],
    ];
    for (const [name, headers, reason] of cases) {
      const response = await post(body, headers);
      expect(response.status, name).toBe(401);
      expect(((await response.json()) as { error: { reason: string } }).error.reason, name).toBe(reason);
    }
    // A tampered body under a valid signature, and unparseable bytes: 401, not 400 or 500.
    expect((await post(body.replace('"type":1', '"type":2'), good)).status).toBe(401);
    expect((await post("{not json", good)).status).toBe(401);
  });

  it("answers bad JSON after a valid signature with 400, and other types with an empty 200", async () => {
    const broken = '{"type": 1,';
    const response = await post(broken);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBeTruthy();
    const notAnInteraction = JSON.stringify({ type: "ping" });
    expect((await post(notAnInteraction)).status).toBe(400);
    for (const type of [4, 5, 99]) {
      const other = await post(interactionBody({ type }));
      expect(other.status).toBe(200);
      expect(await other.text()).toBe("");
    }
  });

  it("records a command as an interaction row and answers a replayed request without acting twice", async () => {
    const body = interactionBody({ type: 2, data: { name: "help" }, channel_id: "5", guild_id: "6", member: { user: { id: "7" } } });
    const headers = signer.headers(body);
    const first = await post(body, headers);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { flags: number } }).data.flags).toBe(64);
    const replay = await post(body, headers);
    expect(replay.status).toBe(200);
    const rows = await database().prisma.syncEvent.findMany({ where: { provider: "discord", kind: "interaction", externalKey: "5" } });
    expect(rows).toHaveLength(1);
  });

  it("answers 503 with what is missing when Discord is not configured", async () => {
    const key = process.env.DISCORD_PUBLIC_KEY;
    delete process.env.DISCORD_PUBLIC_KEY;
    try {
      const response = await post(interactionBody({ type: 1 }));
      expect(response.status).toBe(503);
      expect(JSON.stringify(await response.json())).toContain("DISCORD_PUBLIC_KEY");
    } finally {
      process.env.DISCORD_PUBLIC_KEY = key;
    }
  });
});
