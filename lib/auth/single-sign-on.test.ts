import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { singleSignOnProvider, singleSignOnSettings, userForSingleSignOn } from "./single-sign-on";

describe("single sign-on", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    setDatabase(database);
    const db = database.prisma;
    await db.user.create({ data: { email: "ana@example.com", emails: { create: [{ email: "ana@example.com", isVerified: true }, { email: "ana@old.example", isVerified: false }] } } });
    await db.user.create({ data: { email: "gone@example.com", isActive: false, emails: { create: { email: "gone@example.com", isVerified: true } } } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  it("is configured only when issuer, client id and secret are all set", () => {
    expect(singleSignOnSettings({ TETHER_OIDC_ISSUER: "https://id.example/" })).toBeNull();
    const settings = singleSignOnSettings({ TETHER_OIDC_ISSUER: "https://id.example/", TETHER_OIDC_CLIENT_ID: "c", TETHER_OIDC_CLIENT_SECRET: "s" });
    expect(settings).toMatchObject({ issuer: "https://id.example", name: "Single sign-on" });
    expect(singleSignOnProvider(settings!)).toMatchObject({ id: "oidc", wellKnown: "https://id.example/.well-known/openid-configuration", checks: ["pkce", "state"] });
  });

  it("signs in an active user by verified email only", async () => {
    const ana = await database.prisma.user.findUniqueOrThrow({ where: { email: "ana@example.com" } });
    expect(await userForSingleSignOn({ email: "Ana@Example.com" })).toBe(ana.id);
    expect(await userForSingleSignOn({ email: "ana@example.com", email_verified: false })).toBeNull();
    expect(await userForSingleSignOn({ email: "ana@old.example" })).toBeNull();
    expect(await userForSingleSignOn({ email: "gone@example.com" })).toBeNull();
    expect(await userForSingleSignOn({ email: "stranger@example.com" })).toBeNull();
    expect(await userForSingleSignOn({})).toBeNull();
  });
});
