import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { readRawBody } from "@/lib/input/request-body";
import { errorResponse } from "./errors";

// A real socket that the client destroys half-way through the body, the Request built the way
// Next.js builds it (the IncomingMessage as the body, a signal aborted when the response closes).
let server: http.Server;
let outcome: Promise<{ error: unknown; status: number }>;
let settle: (value: { error: unknown; status: number }) => void;

function requestFrom(req: http.IncomingMessage, res: http.ServerResponse): Request {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req as unknown as ReadableStream<Uint8Array>,
    duplex: "half",
    signal: controller.signal,
  } as RequestInit);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const request = requestFrom(req, res);
    readRawBody(request).then(
      () => res.end("ok"),
      (error: unknown) => {
        settle({ error, status: errorResponse(error, request).status });
        res.destroy();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(3401, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("defect 18: a client that disconnects mid-request", () => {
  it("defect 18: is logged once at info without a stack, never as an unhandled error", async () => {
    outcome = new Promise((resolve) => (settle = resolve));
    const info = vi.spyOn(logger, "info");
    const error = vi.spyOn(logger, "error");
    const { port } = server.address() as AddressInfo;
    const client = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/v1/anything", headers: { "content-type": "application/json", "content-length": "100000" } });
    client.on("error", () => undefined);
    client.write('{"events": [');
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.destroy();

    const { error: thrown, status } = await outcome;
    expect((thrown as Error).message).toBe("aborted");
    expect(status).not.toBe(500);
    expect(error).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledTimes(1);
    const [fields, message] = info.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(message).toBe("client closed the connection before the answer");
    expect(fields).not.toHaveProperty("err");
    expect(fields).toMatchObject({ reason: "aborted", path: "/api/v1/anything" });
    info.mockRestore();
    error.mockRestore();
  });
});
