import { describe, expect, it } from "vitest";
import { areaOf, summarizeProfile } from "@/bench/cpu-profile-summary";
import { databaseBackendsCpuMs, parseProcStat, processTreeCpuMs } from "@/bench/process-cpu";
import { createTestDatabase } from "@/lib/testing/db";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

describe("bench CPU profile summary", () => {
  it("names the area of a frame: package, Next's compiled copies, node internals, V8 pseudo-frames, Tether's folders", () => {
    expect(areaOf(frame("query", "file:///w/node_modules/pg/lib/client.js"))).toBe("pg");
    expect(areaOf(frame("x", "file:///w/node_modules/@prisma/client/runtime/client.js"))).toBe("@prisma/client");
    expect(areaOf(frame("end", "file:///w/node_modules/next/dist/compiled/compression/index.js"))).toBe("next/compiled/compression");
    expect(areaOf(frame("emit", "node:events"))).toBe("node:events");
    expect(areaOf(frame("(garbage collector)"))).toBe("(garbage collector)");
    expect(areaOf(frame("writev"))).toBe("(native)");
    expect(areaOf(frame("f", "/w/lib/integrations/jira/connect-jwt.ts"))).toBe("tether lib/integrations/jira");
  });

  it("splits samples into self time, inclusive time and activities, leaving out idle time and the profiler's own stop", () => {
    // root → handler → query (leaf); root → (idle); root → preload → dispatch
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)"), children: [2, 4, 5] },
        { id: 2, callFrame: frame("handler", "/w/lib/http/route.ts", 9), children: [3] },
        { id: 3, callFrame: frame("query", "file:///w/node_modules/pg/lib/client.js", 99) },
        { id: 4, callFrame: frame("(idle)") },
        { id: 5, callFrame: frame("stop", "file:///w/bench/cpu-profile-preload.mjs"), children: [6] },
        { id: 6, callFrame: frame("dispatch") },
      ],
      samples: [3, 3, 2, 4, 6],
      timeDeltas: [1000, 1000, 2000, 5000, 7000],
    };
    const summary = summarizeProfile(profile);
    expect(summary).toMatchObject({ totalMs: 16, idleMs: 5, profilerMs: 7 });
    expect(summary.bySelfArea).toEqual([["pg", 2], ["tether lib/http", 2]]);
    expect(summary.byInclusiveFunction[0]).toEqual(["handler /w/lib/http/route.ts:10", 4]);
    expect(summary.byActivity).toEqual([["pg driver (protocol, pool)", 2], ["Tether code", 2]]);
  });
});

describe("bench process CPU", () => {
  it("reads utime + stime of /proc/<pid>/stat even when the command name holds spaces and parentheses", () => {
    const text = "4242 (next-server (v16)) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 11 0 1000 0 0";
    expect(parseProcStat(text)).toEqual({ pid: 4242, ppid: 17, ticks: 280 });
  });

  it("measures this process on Linux", () => {
    const ms = processTreeCpuMs(process.pid);
    if (process.platform === "linux") expect(ms).toBeGreaterThan(0);
    else expect(ms).toBeNull();
  });

  it.runIf(process.platform === "linux")("measures the PostgreSQL backends of one database, and only that one", async () => {
    const database = await createTestDatabase("postgres", { migrate: false });
    try {
      if (database.config.kind !== "postgres") throw new Error("expected PostgreSQL");
      const name = new URL(database.config.url).pathname.slice(1);
      // Some CPU for the backend: a query that computes.
      await database.prisma.$queryRawUnsafe("SELECT count(*) FROM generate_series(1, 2000000)");
      expect(databaseBackendsCpuMs(name)).toBeGreaterThan(0);
      expect(databaseBackendsCpuMs(`${name}_none`)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
