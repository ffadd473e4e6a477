import pg from "pg";
import { describe, expect, it } from "vitest";
import { describeError, isDatabaseUnavailable } from "./unavailable";

// Real errors from real sockets: nothing listens on port 1 (database) or 3449 (an HTTP service).
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

describe("defect 14: recognising a database outage", () => {
  it("defect 14: a refused database connection is an outage with a readable reason", async () => {
    const error = await failure(async () => {
      const client = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:1/tether" });
      await client.connect();
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(describeError(error)).not.toBe("");
  });

  it("defect 14: an outgoing HTTP call that cannot connect, or a plain bug, is not", async () => {
    const error = await failure(() => fetch("http://127.0.0.1:3449/"));
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505", severity: "ERROR" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" }))).toBe(true);
  });
});
