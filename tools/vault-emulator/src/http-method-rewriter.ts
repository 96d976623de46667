import { Transform, type TransformCallback } from 'node:stream';

/** The header the rewriter adds to a request whose verb it rewrote, carrying the original verb. */
export const ORIGINAL_METHOD_HEADER = 'x-vault-emulator-method';

const EMPTY = Buffer.alloc(0);
const MAX_HEAD = 64 * 1024;

/**
 * Rewrites `LIST` request lines to `GET` (adding {@link ORIGINAL_METHOD_HEADER}) on an HTTP/1.1 byte stream,
 * following message framing (headers, then `Content-Length` body bytes) so keep-alive connections work.
 *
 * Node's HTTP parser rejects unknown verbs such as Vault's `LIST` (HPE_INVALID_METHOD); this transform sits
 * in front of it. A chunked request body switches the connection to pass-through (clients do not chunk the
 * small JSON bodies Vault takes).
 */
export class HttpMethodRewriter extends Transform {
  private head: Buffer = EMPTY;
  private bodyRemaining = 0;
  private passthrough = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let data = chunk;
    while (data.length > 0) {
      if (this.passthrough) {
        this.push(data);
        break;
      }
      if (this.bodyRemaining > 0) {
        const n = Math.min(this.bodyRemaining, data.length);
        this.push(data.subarray(0, n));
        this.bodyRemaining -= n;
        data = data.subarray(n);
        continue;
      }
      this.head = this.head.length === 0 ? data : Buffer.concat([this.head, data]);
      data = EMPTY;
      const end = this.head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.head.length > MAX_HEAD) this.startPassthrough();
        break;
      }
      const headBytes = this.head.subarray(0, end + 4);
      data = this.head.subarray(end + 4);
      this.head = EMPTY;
      this.push(this.rewriteHead(headBytes));
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.head.length > 0) this.push(this.head);
    callback();
  }

  private startPassthrough(): void {
    this.passthrough = true;
    this.push(this.head);
    this.head = EMPTY;
  }

  private rewriteHead(headBytes: Buffer): Buffer {
    const text = headBytes.toString('latin1');
    const lines = text.split('\r\n');
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') this.bodyRemaining = Number.parseInt(value, 10) || 0;
      if (name === 'transfer-encoding' && value.includes('chunked')) this.passthrough = true;
    }
    if (!text.startsWith('LIST ')) return headBytes;
    const firstLineEnd = text.indexOf('\r\n');
    const rewritten = `GET ${text.slice(5, firstLineEnd)}\r\n${ORIGINAL_METHOD_HEADER}: LIST${text.slice(firstLineEnd)}`;
    return Buffer.from(rewritten, 'latin1');
  }
}
