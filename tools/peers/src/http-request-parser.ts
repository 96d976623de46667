/** One HTTP/1.1 request read off a socket. */
export interface RawHttpRequest {
  method: string;
  /** The request target, e.g. `/v1/secret/data/x?version=2`. */
  target: string;
  /** Header names lower-cased (repeated headers joined with `, `). */
  headers: Record<string, string>;
  body: Buffer;
}

const MAX_HEAD = 64 * 1024;

/**
 * An incremental HTTP/1.1 request parser for a proxy that must see any verb (Node's HTTP server refuses
 * Vault's `LIST` with HPE_INVALID_METHOD). Feed it bytes; it returns each complete request (Content-Length or
 * chunked bodies) and keeps the rest for the next one, so keep-alive connections work.
 */
export class HttpRequestParser {
  private buffer: Buffer = Buffer.alloc(0);

  /**
   * Adds bytes and returns the requests now complete.
   *
   * @throws Error on a malformed head or a head larger than 64 KiB
   */
  push(chunk: Buffer): RawHttpRequest[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const done: RawHttpRequest[] = [];
    for (;;) {
      const request = this.next();
      if (request === undefined) return done;
      done.push(request);
    }
  }

  private next(): RawHttpRequest | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buffer.length > MAX_HEAD) throw new Error('request head over 64 KiB');
      return undefined;
    }
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const [method, target, version] = (lines[0] ?? '').split(' ');
    if (!method || !target || !version?.startsWith('HTTP/1.')) throw new Error(`malformed request line: ${lines[0]}`);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`malformed header line: ${line}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const rest = this.buffer.subarray(end + 4);
    const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(rest) : fixed(rest, Number(headers['content-length'] ?? 0));
    if (body === undefined) return undefined;
    this.buffer = rest.subarray(body.consumed);
    delete headers['transfer-encoding'];
    return { method, target, headers, body: body.bytes };
  }
}

function fixed(rest: Buffer, length: number): { bytes: Buffer; consumed: number } | undefined {
  if (!Number.isInteger(length) || length < 0) throw new Error('bad Content-Length');
  return rest.length < length ? undefined : { bytes: rest.subarray(0, length), consumed: length };
}

function dechunk(rest: Buffer): { bytes: Buffer; consumed: number } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(rest.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw new Error('bad chunk size');
    const dataStart = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = rest.indexOf('\r\n', dataStart);
      if (trailerEnd < 0) return undefined;
      return { bytes: Buffer.concat(parts), consumed: trailerEnd + 2 };
    }
    if (rest.length < dataStart + size + 2) return undefined;
    parts.push(rest.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}
