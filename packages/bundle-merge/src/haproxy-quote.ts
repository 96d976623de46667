/**
 * Quotes bytes as one HAProxy configuration word: weak (double) quotes, with every byte outside a small
 * safe set written `\xNN`, so `"`, `\`, `$` (environment expansion), `#`, control characters and non-ASCII
 * bytes all reach HAProxy exactly and can never end the line or the word.
 *
 * @param bytes - the raw argument (no NUL byte: HAProxy strings cannot hold one)
 * @example
 * haproxyQuote(Buffer.from('/CN=Acme "Root" $1')); // "/CN=Acme \x22Root\x22 \x241"
 */
export function haproxyQuote(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9 ,./:;=@_+()'-]/.test(char) ? char : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}
