import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/passwords";
import type { Database } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/db";
import { demoLoginToShow } from "./demo-login";
import { DEMO_LOGIN } from "./seed-demo";

const ON = { TETHER_DEMO: undefined };
const LATER = 10 * 60_000;

describe("the demo login on the sign-in page", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(async () => {
    await database.close();
  });

  it("is not offered on an install without the demo user", async () => {
    expect(await demoLoginToShow(database.prisma, ON, 0)).toBeNull();
  });

  it("is offered once the demo user exists with the demo password, and not with TETHER_DEMO=0", async () => {
    const db = database.prisma;
    await db.user.create({ data: { email: DEMO_LOGIN.email, passwordHash: await hashPassword(DEMO_LOGIN.password) } });
    expect(await demoLoginToShow(db, ON, LATER)).toEqual(DEMO_LOGIN);
    expect(await demoLoginToShow(db, { TETHER_DEMO: "0" }, LATER)).toBeNull();
  });

  it("is withdrawn when the demo user's password was changed or the user deactivated", async () => {
    const db = database.prisma;
    await db.user.update({ where: { email: DEMO_LOGIN.email }, data: { passwordHash: await hashPassword("a private password") } });
    expect(await demoLoginToShow(db, ON, 2 * LATER)).toBeNull();
    await db.user.update({ where: { email: DEMO_LOGIN.email }, data: { passwordHash: await hashPassword(DEMO_LOGIN.password), isActive: false } });
    expect(await demoLoginToShow(db, ON, 3 * LATER)).toBeNull();
  });
});
