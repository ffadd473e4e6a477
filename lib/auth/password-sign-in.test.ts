import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setDatabase, type Database } from "@/lib/db/client";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createUserFixture } from "@/lib/testing/fixtures";
import { authenticateWithPassword } from "./password-sign-in";
import { hashPassword } from "./passwords";
import { ADDRESS_ATTEMPT_LIMIT } from "./sign-in-throttle";

const configuredCost = process.env.TETHER_BCRYPT_COST;
const PASSWORD = "correct horse battery";

/** The outcome of a sign-in: the user's email, "refused", or the throttle's message. */
async function signIn(email: string, password: string, address: string): Promise<string> {
  try {
    return (await authenticateWithPassword({ email, password }, address))?.email ?? "refused";
  } catch (error) {
    return (error as Error).message;
  }
}

describe.each(await testDatabaseKinds())("password sign-in on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });
  afterEach(() => {
    process.env.TETHER_BCRYPT_COST = configuredCost;
  });

  async function userWithPassword(options: { isActive?: boolean } = {}) {
    const user = await createUserFixture(database.prisma, options);
    await database.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    return user;
  }

  it("defect 6: after 10 wrong passwords the right one is refused for that account, with a clear message", async () => {
    const user = await userWithPassword();
    for (let i = 0; i < 10; i++) expect(await signIn(user.email, `wrong ${i}`, `192.0.2.${i}`)).toBe("refused");
    expect(await signIn(user.email, "wrong again", "192.0.2.50")).toBe("Too many sign-in attempts; try again in 15 minutes");
    expect(await signIn(user.email.toUpperCase(), PASSWORD, "192.0.2.51")).toBe("Too many sign-in attempts; try again in 15 minutes");
    const other = await userWithPassword();
    expect(await signIn(other.email, PASSWORD, "192.0.2.52")).toBe(other.email);
  });

  it("a correct password clears the account's failures", async () => {
    const user = await userWithPassword();
    for (let i = 0; i < 9; i++) expect(await signIn(user.email, `wrong ${i}`, "192.0.2.60")).toBe("refused");
    expect(await signIn(user.email, PASSWORD, "192.0.2.60")).toBe(user.email);
    for (let i = 0; i < 9; i++) expect(await signIn(user.email, `wrong ${i}`, "192.0.2.61")).toBe("refused");
    expect(await signIn(user.email, PASSWORD, "192.0.2.61")).toBe(user.email);
  });

  it("defect 6: one client address is refused after 50 failed sign-ins across accounts", async () => {
    const address = "198.51.100.77";
    const victims = await Promise.all([userWithPassword(), userWithPassword()]);
    for (let i = 0; i < ADDRESS_ATTEMPT_LIMIT; i++) expect(await signIn(`sprayed-${i}@example.com`, PASSWORD, address)).toBe("refused");
    expect(await signIn(victims[0].email, PASSWORD, address)).toMatch(/^Too many sign-in attempts; try again in \d+ minutes?$/);
    expect(await signIn(victims[1].email, PASSWORD, "198.51.100.78")).toBe(victims[1].email);
  });

  it("defect 6: unknown emails, inactive users and users without a password cost as much as a known email", async () => {
    process.env.TETHER_BCRYPT_COST = "10";
    const known = await userWithPassword();
    const inactive = await userWithPassword({ isActive: false });
    const passwordless = await createUserFixture(database.prisma);
    const cases = { known: known.email, unknown: `nobody-${Date.now()}@example.com`, inactive: inactive.email, passwordless: passwordless.email };
    const timings: Record<string, number[]> = { known: [], unknown: [], inactive: [], passwordless: [] };
    await signIn(cases.unknown, "warm up", "203.0.113.1");
    for (let round = 0; round < 5; round++) {
      for (const [label, email] of Object.entries(cases)) {
        const started = performance.now();
        expect(await signIn(email, label === "inactive" ? PASSWORD : "wrong password", `203.0.113.${10 + round}`)).toBe("refused");
        timings[label].push(performance.now() - started);
      }
    }
    // The fastest of five: what each path costs at least, whatever else the machine is doing.
    const fastest = (values: number[]) => Math.min(...values);
    const summary = JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v.map(Math.round)])));
    for (const label of ["unknown", "inactive", "passwordless"]) {
      expect(fastest(timings[label]), `${label} vs known: ${summary}`).toBeGreaterThan(fastest(timings.known) / 3);
    }
  });
});
