import { readFile } from "node:fs/promises";
import bcryptjs from "bcryptjs";
import { afterEach, describe, expect, it } from "vitest";
import { hashPassword, passwordCost, verifyPassword } from "./passwords";

const configuredCost = process.env.TETHER_BCRYPT_COST;

describe("passwords", () => {
  afterEach(() => {
    process.env.TETHER_BCRYPT_COST = configuredCost;
  });

  it("defect 6: sixteen concurrent hashes at cost 10 leave the event loop responsive", async () => {
    process.env.TETHER_BCRYPT_COST = "10";
    const tick = 5;
    let maxLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - tick);
      last = now;
    }, tick);
    const started = performance.now();
    try {
      await Promise.all(Array.from({ length: 16 }, (_, i) => hashPassword(`password number ${i}`)));
    } finally {
      clearInterval(timer);
    }
    const elapsed = performance.now() - started;
    // Pure-JavaScript bcrypt held timers back for about the whole batch; the native hasher leaves the
    // loop free. Relative to the batch's own time, so a busy machine slows both sides alike.
    expect(elapsed).toBeGreaterThan(100);
    expect(maxLag, `timers waited up to ${Math.round(maxLag)} ms while 16 hashes took ${Math.round(elapsed)} ms`).toBeLessThan(elapsed / 4);
  });

  it("defect 6: sixteen concurrent verifications leave libuv's thread pool room for a file read", async () => {
    process.env.TETHER_BCRYPT_COST = "10";
    const stored = await hashPassword("correct horse");
    const started = performance.now();
    const batch = Promise.all(Array.from({ length: 16 }, () => verifyPassword("wrong horse", stored)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reading = performance.now();
    await readFile(new URL(import.meta.url));
    const readMs = performance.now() - reading;
    await batch;
    const elapsed = performance.now() - started;
    // With every pool thread hashing, the read waited for nearly the whole batch (relative, for busy machines).
    expect(readMs, `a file read took ${Math.round(readMs)} ms while 16 verifications took ${Math.round(elapsed)} ms`).toBeLessThan(elapsed / 4);
  });

  it("verifies the $2a$ and $2b$ hashes bcryptjs wrote, and new hashes use the configured cost", async () => {
    const old = bcryptjs.hashSync("correct horse", 4);
    expect(old.startsWith("$2b$04$")).toBe(true);
    expect(await verifyPassword("correct horse", old)).toBe(true);
    expect(await verifyPassword("correct horse", old.replace("$2b$", "$2a$"))).toBe(true);
    expect(await verifyPassword("wrong horse", old)).toBe(false);
    expect(await verifyPassword("correct horse", "not a bcrypt hash")).toBe(false);

    process.env.TETHER_BCRYPT_COST = "5";
    const fresh = await hashPassword("battery staple");
    expect(fresh).toMatch(/^\$2b\$05\$/);
    expect(bcryptjs.compareSync("battery staple", fresh)).toBe(true);
  });

  it("defect 6: a missing hash costs a verification too, and is never a match", async () => {
    process.env.TETHER_BCRYPT_COST = "10";
    const real = await hashPassword("correct horse");
    await verifyPassword("warm up", null);
    const time = async (hash: string | null) => {
      const started = performance.now();
      expect(await verifyPassword("correct horse", hash)).toBe(hash !== null);
      return performance.now() - started;
    };
    const missing: number[] = [];
    const present: number[] = [];
    for (let i = 0; i < 5; i++) {
      missing.push(await time(null));
      present.push(await time(real));
    }
    // The fastest of five: what each costs at least, whatever else the machine is doing.
    expect(Math.min(...missing), `missing ${missing.map(Math.round)} ms, present ${present.map(Math.round)} ms`).toBeGreaterThan(Math.min(...present) / 3);
  });

  it("refuses a TETHER_BCRYPT_COST that bcrypt cannot use", () => {
    expect(passwordCost({})).toBe(10);
    expect(passwordCost({ TETHER_BCRYPT_COST: "12" })).toBe(12);
    expect(() => passwordCost({ TETHER_BCRYPT_COST: "ten" })).toThrow(/TETHER_BCRYPT_COST/);
    expect(() => passwordCost({ TETHER_BCRYPT_COST: "3" })).toThrow(/4 to 31/);
  });
});
