import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { PermanentSyncError, RetryAfterError } from "@/lib/integrations/provider";
import { callDiscord, DiscordApiError, DiscordRateLimits, rateLimitRoute } from "./discord-api";

const fake = new FakeDiscord();
const settings = () => ({ apiBaseUrl: fake.apiBaseUrl, botToken: fake.botToken });

beforeAll(async () => {
  await fake.start();
  fake.addGuild("100000000000000001", "Acme");
  fake.addChannel({ id: "200000000000000001", guildId: "100000000000000001", name: "alerts", type: 0 });
});
afterAll(() => fake.stop());

describe("callDiscord", () => {
  it("sends the bot token and returns Discord's JSON", async () => {
    const guild = await callDiscord<{ name: string }>(settings(), { method: "GET", path: "/guilds/100000000000000001" });
    expect(guild.name).toBe("Acme");
    expect(fake.requests.at(-1)?.authorized).toBe(true);
  });

  it("waits out one 429 (retry_after from the body) and retries exactly once", async () => {
    const slept: number[] = [];
    fake.failNext("POST /channels/200000000000000001/messages", { status: 429, retryAfter: 0.25 });
    const before = fake.requestsTo("POST", "/messages").length;
    await callDiscord(settings(), { method: "POST", path: "/channels/200000000000000001/messages", body: { content: "hi" } }, {
      rateLimits: new DiscordRateLimits(),
      sleep: async (ms) => void slept.push(ms),
    });
    expect(slept).toEqual([250]);
    expect(fake.requestsTo("POST", "/messages").length - before).toBe(2);
  });

  it("hands a second 429 to the queue as RetryAfterError instead of looping", async () => {
    fake.failNext("POST /channels/200000000000000001/messages", { status: 429, retryAfter: 2, times: 2 });
    const before = fake.requestsTo("POST", "/messages").length;
    const error = await callDiscord(settings(), { method: "POST", path: "/channels/200000000000000001/messages", body: {} }, {
      rateLimits: new DiscordRateLimits(),
      sleep: async () => undefined,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).seconds).toBe(2);
    expect(fake.requestsTo("POST", "/messages").length - before).toBe(2);
  });

  it("waits before calling a route whose bucket is exhausted (X-RateLimit-Remaining 0)", async () => {
    let now = 1_000_000;
    const limits = new DiscordRateLimits(() => now);
    const route = rateLimitRoute("POST", "/channels/200000000000000001/messages");
    limits.observe(route, new Headers({ "x-ratelimit-bucket": "b1", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "1.5" }));
    expect(limits.waitBefore(route)).toBe(1500);
    now += 1500;
    expect(limits.waitBefore(route)).toBe(0);
  });

  it("names Discord's refusal (status and code), a 401 is permanent and a 500 is retried", async () => {
    const unknown = await callDiscord(settings(), { method: "GET", path: "/channels/999999999999999999" }).catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(DiscordApiError);
    expect((unknown as DiscordApiError).code).toBe(10003);
    const refused = await callDiscord({ ...settings(), botToken: "wrong" }, { method: "GET", path: "/guilds/100000000000000001" }).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(PermanentSyncError);
    fake.failNext("GET /guilds", { status: 500 });
    const failed = await callDiscord(settings(), { method: "GET", path: "/guilds/100000000000000001" }).catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(DiscordApiError);
  });

  it("gives up after the time-out", async () => {
    fake.failNext("GET /guilds", { status: 500, delayMs: 500 });
    const error = await callDiscord(settings(), { method: "GET", path: "/guilds/100000000000000001" }, { timeoutMs: 100 }).catch((caught: unknown) => caught);
    expect(String(error)).toContain("no answer within 0.1s");
  });
});
