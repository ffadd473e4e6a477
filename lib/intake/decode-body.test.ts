import { describe, expect, it } from "vitest";
import zlib from "node:zlib";
import { AppError } from "@/lib/errors";
import { decodeBody, parseContentEncoding } from "./decode-body";

const text = Buffer.from(`{"type":"event"}\n${"héllo wörld ✓ ".repeat(2000)}`, "utf8");

async function* chunked(buffer: Buffer, size = 1000): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < buffer.byteLength; start += size) yield buffer.subarray(start, start + size);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("decodeBody", () => {
  const limits = { maxBytes: 1024 * 1024 };

  it.each([
    ["gzip", zlib.gzipSync(text)],
    ["x-gzip", zlib.gzipSync(text)],
    ["deflate", zlib.deflateSync(text)],
    ["br", zlib.brotliCompressSync(text)],
    ["BR", zlib.brotliCompressSync(text)],
    [null, text],
    ["identity", text],
    ["", text],
  ])("gives back the body sent with Content-Encoding %s, whole or in chunks", async (encoding, body) => {
    expect((await decodeBody(body, encoding, limits)).equals(text)).toBe(true);
    expect((await decodeBody(chunked(body, 1), encoding, limits)).equals(text)).toBe(true);
  });

  it("reads raw deflate sent as deflate, as some SDKs do", async () => {
    const raw = zlib.deflateRawSync(text);
    expect((await decodeBody(raw, "deflate", limits)).equals(text)).toBe(true);
    expect((await decodeBody(chunked(raw, 1), "deflate", limits)).equals(text)).toBe(true);
  });

  it("reads a Request's body stream", async () => {
    const request = new Request("https://tether.test/api/1/envelope/", { method: "POST", body: zlib.gzipSync(text), headers: { "content-encoding": "gzip" } });
    if (!request.body) throw new Error("no body");
    expect((await decodeBody(request.body, request.headers.get("content-encoding"), limits)).equals(text)).toBe(true);
  });

  it("stops reading and cancels a body stream once its bomb passes the limit", async () => {
    const member = zlib.gzipSync(Buffer.alloc(1024 * 1024));
    let pulled = 0;
    let cancelled = false;
    // An endless gzip body (members of 1 MiB of zeros each): only the bound ends it.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(member);
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await failure(decodeBody(stream, "gzip", { maxBytes: 4 * 1024 * 1024 }));
    expect(error.status).toBe(413);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(64);
  });

  it("gives back an empty body for an empty compressed request", async () => {
    expect((await decodeBody(Buffer.alloc(0), "gzip", limits)).byteLength).toBe(0);
  });

  it.each(["gzip", "deflate", "br"])("refuses a %s zip bomb with 413 as soon as the output passes the limit", async (encoding) => {
    // 128 MiB of zeros packs into ~128 KiB of gzip (brotli: ~100 bytes, and slow to make, so 32 MiB
    // there); a 1 MiB limit must stop it long before the end.
    const zeros = Buffer.alloc((encoding === "br" ? 32 : 128) * 1024 * 1024);
    const bomb =
      encoding === "gzip" ? zlib.gzipSync(zeros, { level: 9 }) : encoding === "br" ? zlib.brotliCompressSync(zeros) : zlib.deflateSync(zeros, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(limits.maxBytes);
    let produced = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of chunked(bomb, 256)) {
        produced += chunk.byteLength;
        yield chunk;
      }
    }
    const started = performance.now();
    const error = await failure(decodeBody(counted(), encoding, limits));
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
    expect(performance.now() - started).toBeLessThan(2000);
    // Refused mid-stream: past the decoder's 16 KiB input buffer, the compressed body was never read
    // (brotli's is one chunk, so there the bound on the output is all there is to see).
    if (bomb.byteLength > 64 * 1024) expect(produced).toBeLessThan(bomb.byteLength / 2);
  });

  it("refuses with 413 a body whose sent bytes alone pass the limit", async () => {
    const error = await failure(decodeBody(Buffer.alloc(2048), null, { maxBytes: 1024 }));
    expect(error.status).toBe(413);
  });

  it.each(["gzip", "deflate", "br"])("answers 400 for a body that is not %s data", async (encoding) => {
    const error = await failure(decodeBody(Buffer.from("this is plain text, not compressed at all"), encoding, limits));
    expect(error.status).toBe(400);
    expect(error.code).toBe("malformed_body");
    expect(error.message).toContain(encoding);
  });

  it("answers 400 for a truncated gzip body", async () => {
    const error = await failure(decodeBody(zlib.gzipSync(text).subarray(0, 100), "gzip", limits));
    expect(error.status).toBe(400);
  });

  it.each(["compress", "zstd", "gzip, br"])("answers 415 for Content-Encoding %s", (encoding) => {
    expect(() => parseContentEncoding(encoding)).toThrow(expect.objectContaining({ status: 415, code: "unsupported_media_type" }) as Error);
  });
});
