/**
 * Encodes a password the way RFC 7292 appendix B.1 wants it for the PKCS#12 KDF: a BMPString (big-endian UTF-16
 * code units, so characters outside the BMP become surrogate pairs, as OpenSSL's `OPENSSL_utf82uni` does) followed
 * by a two-byte zero terminator. `''` encodes to just the terminator.
 *
 * @param password - the password as typed
 * @returns the BMPString bytes with the trailing `0x0000`
 *
 * @example
 * bmpPassword('smeg'); // 00 73 00 6d 00 65 00 67 00 00
 */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[i * 2] = unit >> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return out;
}
