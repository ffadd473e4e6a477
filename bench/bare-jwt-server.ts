// The ceiling `npm run bench -- webhook` compares against: a bare node:http server that does the
// webhook's authentication and nothing else — Connect JWT verification (HS256, exp, qsh) with
// Tether's own functions, the body read — then answers 204. Prints "ready" once it listens.
//   PORT                 where to listen (127.0.0.1)
//   BENCH_SHARED_SECRET  the installation's shared secret (no database lookup here)
import { createServer } from "node:http";
import { ConnectJwtError, extractConnectToken, verifyConnectJwt } from "@/lib/integrations/jira/connect-jwt";

const secret = process.env.BENCH_SHARED_SECRET ?? "";
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    void Promise.resolve()
      .then(() =>
        verifyConnectJwt({ token: extractConnectToken(req.headers.authorization), method: req.method ?? "POST", url: req.url ?? "/", sharedSecretFor: async () => secret }),
      )
      .then(
      () => {
        res.writeHead(204);
        res.end();
      },
      (error: unknown) => {
        res.writeHead(error instanceof ConnectJwtError ? 401 : 500);
        res.end();
      },
    );
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
