// The ceiling `npm run bench -- discord` compares against: a bare node:http server that does the
// interactions endpoint's authentication and nothing else — Tether's own Ed25519 check over
// `timestamp + body` with the 5-minute window — then answers a PING with {"type":1}. Prints
// "ready" once it listens.
//   PORT                 where to listen (127.0.0.1)
//   BENCH_PUBLIC_KEY     the application's public key (hex)
import { createServer } from "node:http";
import { verifyInteractionSignature } from "@/lib/integrations/discord/interaction-signature";

const publicKey = process.env.BENCH_PUBLIC_KEY ?? "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : null);
    const check = verifyInteractionSignature({ publicKey, signature: header("x-signature-ed25519"), timestamp: header("x-signature-timestamp"), body: Buffer.concat(chunks).toString("utf8") });
    if (!check.ok) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { reason: check.failure } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"type":1}');
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
