import { createHash } from 'node:crypto';

/** Lowercase hex of some bytes, no separators. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** A copy of `bytes` as a standalone ArrayBuffer (what WebCrypto and @peculiar/x509 want). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** SHA-256 of `bytes` as lowercase hex (synchronous: node:crypto, no I/O). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Normalises a hex serial number or key identifier: lowercase, no colons or spaces, no leading `00` octets
 * (a single `00` stays for zero).
 */
export function normalizeHex(hex: string): string {
  let out = hex.replace(/[\s:]/g, '').toLowerCase();
  if (out.length % 2 === 1) out = `0${out}`;
  while (out.length > 2 && out.startsWith('00')) out = out.slice(2);
  return out;
}
