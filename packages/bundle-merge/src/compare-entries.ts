import type { BundleEntry } from './bundle-entry.js';

/**
 * The order a bundle diff lists certificates in: oldest `notBefore` first, then by fingerprint (lowercase hex,
 * ascending). It depends only on the certificates, never on input order. It is a display order: the bytes of
 * `tls.crt` follow the CA record's trust order (vault-store's `trustBundlePem`, docs/DESIGN.md).
 *
 * @param a - one entry
 * @param b - another entry
 * @returns negative, zero or positive, for `Array.prototype.sort`
 */
export function compareEntries(a: BundleEntry, b: BundleEntry): number {
  const byDate = a.notBefore.getTime() - b.notBefore.getTime();
  if (byDate !== 0) return byDate;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}
