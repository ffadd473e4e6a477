// The ceiling the ingestion benches compare against: a bare node:http server that reads the body
// and answers 200 `{}` — what any Node server costs per request before Next.js or Tether do anything.
// Prints "ready" once it listens on 127.0.0.1:PORT.
import { createServer } from "node:http";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
