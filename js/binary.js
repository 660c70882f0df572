// Binary successes (the v1 audit logs: gzipped NDJSON). The wasm layer hands over the bytes
// as they came; an AstroBinaryResponse keeps them (`bytes`) and reads them on demand:
// `data()` (gunzipped when the bytes are gzip, whatever the headers said), `text()` (UTF-8),
// and `records()` / `for await (const r of response)`: one parsed JSON value per NDJSON line.
// Everything stays within maxResponseBytes, decompressed size included (a small gzip body
// can expand enormously).
import { AstroDecodeError } from "./errors.js";

function isGzip(bytes) {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function toBytes(body) {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return new TextEncoder().encode(body);
  return new Uint8Array(0);
}

export class AstroBinaryResponse {
  constructor(operation, bytes, contentType, maxBytes) {
    /** The bytes as received. */
    this.bytes = bytes;
    /** The response's media type (`application/x-ndjson`). */
    this.contentType = contentType;
    /** Whether the bytes are gzip-compressed. */
    this.gzipped = isGzip(bytes);
    Object.defineProperty(this, "operation", { value: operation, enumerable: false });
    Object.defineProperty(this, "maxBytes", { value: maxBytes, enumerable: false });
  }

  fail(message) {
    return new AstroDecodeError({ message: `${this.operation}: ${message}`, operation: this.operation, status: 200 });
  }

  /** The content: the bytes, gunzipped when they are gzip (at most maxResponseBytes). */
  async data() {
    if (!this.gzipped) return this.bytes;
    if (typeof DecompressionStream !== "function") {
      throw this.fail("the body is gzip-compressed and this runtime has no DecompressionStream");
    }
    const stream = new Blob([this.bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > this.maxBytes) {
          await reader.cancel();
          throw this.fail(`the decompressed body is larger than maxResponseBytes (${this.maxBytes} bytes)`);
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof AstroDecodeError) throw e;
      throw this.fail(`the body is not valid gzip (${e && e.message ? e.message : String(e)})`);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** The content as UTF-8 text. */
  async text() {
    const data = await this.data();
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(data);
    } catch {
      throw this.fail("the body is not valid UTF-8");
    }
  }

  /** The NDJSON records, one parsed value per non-empty line. */
  async *records() {
    const text = await this.text();
    let line = 0;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      line++;
      const raw = text.slice(start, end).trim();
      start = end + 1;
      if (raw === "") continue;
      let record;
      try {
        record = JSON.parse(raw);
      } catch (e) {
        throw this.fail(`line ${line} is not JSON (${e && e.message ? e.message : String(e)})`);
      }
      yield record;
    }
  }

  [Symbol.asyncIterator]() {
    return this.records();
  }
}

export function binaryResponse(operation, body, contentType, maxBytes) {
  return new AstroBinaryResponse(operation, toBytes(body), contentType, maxBytes);
}
