// Loaded into the benched `next start` with `node --import` (bench/webhook.ts, TETHER_BENCH_CPU_PROF=1)
// so a CPU profile covers exactly one measured run rather than the whole process (start-up, build
// of caches, warm-up): each SIGUSR2 toggles the V8 profiler; on stop the profile is written to
// TETHER_CPU_PROF_DIR/profile-<n>.cpuprofile (renamed into place, so a reader never sees half a file).
import { Session } from "node:inspector";
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.TETHER_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let count = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.start"));
      return;
    }
    running = false;
    session.post("Profiler.stop", (error, result) => {
      const file = path.join(dir, `profile-${++count}.cpuprofile`);
      writeFileSync(`${file}.part`, JSON.stringify(error ? { error: String(error) } : result.profile));
      renameSync(`${file}.part`, file);
    });
  });
}
