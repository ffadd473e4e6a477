import { createServer } from "node:net";

/**
 * A port for a server a reliability test starts. TETHER_RELIABILITY_PORT_BASE pins them to a range
 * (base + offset, for shared machines); otherwise the system picks a free one.
 */
export async function reliabilityPort(offset: number): Promise<number> {
  const base = Number(process.env.TETHER_RELIABILITY_PORT_BASE ?? "");
  if (Number.isInteger(base) && base > 0) return base + offset;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
