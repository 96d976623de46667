import { cryptoOrDefault } from '../internal/x509.js';

/** Letters and digits only: safe unquoted in shells, URLs, YAML, JSON and `-passin pass:...`. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 24 characters of a 62-letter alphabet: 24 · log2(62) ≈ 142.9 bits. */
const LENGTH = 24;
/** The largest multiple of 62 that fits in a byte (248 = 4 · 62): bytes at or above it are redrawn. */
const LIMIT = 256 - (256 % ALPHABET.length);

/**
 * Generates a random password for a PKCS#12 file: 24 characters from [A-Za-z0-9] (≈ 143 bits), drawn from the
 * CSPRNG with rejection sampling so every character is equally likely (no modulo bias).
 *
 * @param crypto - the WebCrypto provider whose `getRandomValues` is used; default `globalThis.crypto`
 * @returns the password
 * @example
 * const password = generatePassword(); // e.g. "q3VfT0bXk9mZ2aLr7PcW1sHd"
 */
export function generatePassword(crypto?: Crypto): string {
  const random = cryptoOrDefault(crypto);
  let out = '';
  while (out.length < LENGTH) {
    const bytes = random.getRandomValues(new Uint8Array(LENGTH * 2));
    for (const byte of bytes) {
      if (byte >= LIMIT) continue;
      out += ALPHABET[byte % ALPHABET.length];
      if (out.length === LENGTH) break;
    }
  }
  return out;
}
