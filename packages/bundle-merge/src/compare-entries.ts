import type { BundleEntry } from './bundle-entry.js';

/**
 * The canonical order of a trust bundle: oldest `notBefore` first, then by fingerprint (lowercase hex,
 * ascending). It depends only on the certificates, never on input order, so the same set of CAs always
 * renders the same bytes.
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
