import { afterEach, describe, expect, it } from "vitest";
import { IDENTITY_LINK_LIFETIME_SECONDS, identityLinkUrl, readIdentityLink, signIdentityLink } from "./identity-link-token";

const claims = { discordUserId: "7200000000000000001", integrationId: "integration-1", guildId: "6200000000000000001" };
const issued = new Date("2026-03-01T12:00:00Z");
const later = (seconds: number) => new Date(issued.getTime() + seconds * 1000);

describe("signed Discord identity links", () => {
  const secret = process.env.NEXTAUTH_SECRET;
  afterEach(() => {
    process.env.NEXTAUTH_SECRET = secret;
  });

  it("read back the Discord user, integration and guild they were signed for", async () => {
    const token = await signIdentityLink("link", claims, issued);
    expect(await readIdentityLink("link", token, later(60))).toEqual(claims);
  });

  it("are valid for two days and no longer", async () => {
    const token = await signIdentityLink("unlink", claims, issued);
    expect(await readIdentityLink("unlink", token, later(IDENTITY_LINK_LIFETIME_SECONDS - 1))).toEqual(claims);
    expect(await readIdentityLink("unlink", token, later(IDENTITY_LINK_LIFETIME_SECONDS))).toBeNull();
    expect(await readIdentityLink("unlink", token, later(3 * 24 * 3600))).toBeNull();
    expect(IDENTITY_LINK_LIFETIME_SECONDS).toBe(172_800);
  });

  it("refuse a tampered payload, a tampered signature and a link for the other action", async () => {
    const token = await signIdentityLink("link", claims, issued);
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), discord_id: "7200000000000000666" })).toString("base64url");
    expect(await readIdentityLink("link", `${header}.${forged}.${signature}`, later(60))).toBeNull();
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    expect(await readIdentityLink("link", `${header}.${payload}.${flipped}`, later(60))).toBeNull();
    expect(await readIdentityLink("unlink", token, later(60))).toBeNull();
    // An unsigned token ("alg": "none") is never accepted.
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    expect(await readIdentityLink("link", none, later(60))).toBeNull();
  });

  it("refuse links signed with another deployment's secret, and garbage", async () => {
    const token = await signIdentityLink("link", claims, issued);
    process.env.NEXTAUTH_SECRET = "another-deployment";
    expect(await readIdentityLink("link", token, later(60))).toBeNull();
    for (const garbage of ["", "not-a-token", "a.b.c", "x".repeat(5000)]) expect(await readIdentityLink("link", garbage)).toBeNull();
  });

  it("point at the dashboard's link and unlink pages on the public base URL", async () => {
    expect(await identityLinkUrl("link", claims)).toMatch(/^https:\/\/tether\.test\/discord\/link-identity\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await identityLinkUrl("unlink", claims)).toMatch(/^https:\/\/tether\.test\/discord\/unlink-identity\/[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
