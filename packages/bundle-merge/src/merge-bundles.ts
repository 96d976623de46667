import type { BundleEntry } from './bundle-entry.js';
import { compareEntries } from './compare-entries.js';

/**
 * Merges trust bundles into one: each certificate once (deduplicated by the SHA-256 of its DER), in the
 * canonical order of {@link compareEntries} (oldest notBefore first, then fingerprint). The result is the
 * same whatever the order of the lists and of the entries within them.
 *
 * @param lists - any number of bundles, e.g. the current `tls.crt` and a new CA
 * @returns a new array; the inputs are not modified
 * @example
 * const bundle = mergeBundles(parseBundle(oldTlsCrt), parseBundle(newCaPem));
 */
export function mergeBundles(...lists: readonly (readonly BundleEntry[])[]): BundleEntry[] {
  const byFingerprint = new Map<string, BundleEntry>();
  for (const list of lists) {
    for (const entry of list) {
      if (!byFingerprint.has(entry.fingerprint)) byFingerprint.set(entry.fingerprint, entry);
    }
  }
  return [...byFingerprint.values()].sort(compareEntries);
}
