import { Readable } from "node:stream";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import { AppError, payloadTooLarge, unsupportedMediaType } from "@/lib/errors";

/** A Request's body stream, any async iterable of chunks, or bytes already in hand. */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array;

export interface DecodeBodyOptions {
  /** The most bytes the body may have, both as sent and after decompression. */
  maxBytes: number;
}

type Encoding = "identity" | "gzip" | "deflate" | "br";

const ALIASES: Record<string, Encoding> = {
  "": "identity",
  identity: "identity",
  gzip: "gzip",
  "x-gzip": "gzip",
  deflate: "deflate",
  br: "br",
};

/** The one encoding a Content-Encoding header names; SDKs never stack them, so a list is refused. */
export function parseContentEncoding(header: string | null | undefined): Encoding {
  const names = (header ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "" && name !== "identity");
  if (names.length > 1) throw unsupportedMediaType(`Content-Encoding "${header}" stacks encodings; send one of gzip, deflate, br`);
  const encoding = ALIASES[names[0] ?? ""];
  if (!encoding) throw unsupportedMediaType(`Content-Encoding "${names[0]}" is not supported; send gzip, deflate, br or none`);
  return encoding;
}

/**
 * Reads a request body and undoes its Content-Encoding, streaming, so that a small compressed body
 * that inflates to gigabytes (a zip bomb) is refused with 413 as soon as the output passes
 * `maxBytes` rather than after it is all in memory. The sent bytes are counted too: a stream of
 * empty deflate blocks would otherwise burn CPU forever without producing output.
 */
export async function decodeBody(
  source: BodySource,
  contentEncoding: string | null | undefined,
  options: DecodeBodyOptions,
): Promise<Buffer> {
  const encoding = parseContentEncoding(contentEncoding);
  const body = openBody(source);
  try {
    return await decode(boundedChunks(body.chunks, options.maxBytes), encoding, options.maxBytes);
  } finally {
    // Also when refused: the client's upload ends now rather than when it would have finished.
    await body.stop();
  }
}

async function decode(input: AsyncGenerator<Buffer>, encoding: Encoding, maxBytes: number): Promise<Buffer> {
  if (encoding === "identity") return collect(input, maxBytes);
  const { first, rest } = await peek(input);
  // peek only comes back empty at the end of the body.
  if (first.byteLength === 0) return Buffer.alloc(0);
  const decoder = createDecoder(encoding, first);
  const output = pipeline(Readable.from(prepend(first, rest), { highWaterMark: 1 }), decoder, () => {
    // Errors reach the reader below through the destroyed decoder.
  });
  try {
    return await collect(output, maxBytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(400, "malformed_body", `Request body is not valid ${encoding} data`);
  } finally {
    output.destroy();
  }
}

function createDecoder(encoding: Exclude<Encoding, "identity">, start: Buffer): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress {
  if (encoding === "gzip") return zlib.createGunzip();
  if (encoding === "br") return zlib.createBrotliDecompress();
  // HTTP's "deflate" is zlib-wrapped, but some SDKs send the raw stream under that name.
  return isZlibHeader(start) ? zlib.createInflate() : zlib.createInflateRaw();
}

/** RFC 1950: compression method 8 in the low nibble, and the two header bytes a multiple of 31. */
function isZlibHeader(start: Buffer): boolean {
  if (start.byteLength < 2) return false;
  const cmf = start[0] ?? 0;
  const flg = start[1] ?? 0;
  return (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 === 0;
}

async function collect(chunks: AsyncIterable<Uint8Array | Buffer>, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) throw payloadTooLarge(maxBytes);
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(parts, size);
}

interface OpenBody {
  chunks: AsyncIterable<Uint8Array>;
  stop: () => Promise<void>;
}

function openBody(source: BodySource): OpenBody {
  if (source instanceof Uint8Array) {
    const bytes = source;
    return { chunks: (async function* () { yield bytes; })(), stop: async () => undefined };
  }
  if (!(source instanceof ReadableStream)) return { chunks: source, stop: async () => undefined };
  // Cancelled through the reader itself: a generator's return() would wait for a pending read,
  // which a slow client could hold open.
  const reader = source.getReader();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  return { chunks: chunks(), stop: () => reader.cancel().catch(() => undefined) };
}

async function* boundedChunks(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes) throw payloadTooLarge(maxBytes);
    if (chunk.byteLength > 0) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** The first two bytes (or fewer, at the end), enough to tell zlib-wrapped deflate from raw. */
async function peek(source: AsyncGenerator<Buffer>): Promise<{ first: Buffer; rest: AsyncGenerator<Buffer> }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < 2) {
    const next = await source.next();
    if (next.done) break;
    parts.push(next.value);
    size += next.value.byteLength;
  }
  return { first: Buffer.concat(parts, size), rest: source };
}

async function* prepend(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  if (first.byteLength > 0) yield first;
  yield* { [Symbol.asyncIterator]: () => rest };
}
