import type { BundleEntry } from './bundle-entry.js';
import { compareEntries } from './compare-entries.js';

/** The difference between two trust bundles, each list in canonical order (see {@link compareEntries}). */
export interface BundleDiff {
  /** In the new bundle only. */
  added: BundleEntry[];
  /** In the old bundle only. */
  removed: BundleEntry[];
  /** In both. */
  unchanged: BundleEntry[];
}

/**
 * Compares two trust bundles by certificate fingerprint (SHA-256 of the DER): order and duplicates
 * do not count as changes.
 *
 * @param oldEntries - the bundle in place, e.g. the `tls.crt` the ingress holds
 * @param newEntries - the bundle about to replace it
 * @example
 * const diff = diffBundles(parseBundle(current), parseBundle(next));
 * if (diff.removed.length > 0) console.log(renderBundleDiff(diff));
 */
export function diffBundles(oldEntries: readonly BundleEntry[], newEntries: readonly BundleEntry[]): BundleDiff {
  const oldByFingerprint = index(oldEntries);
  const newByFingerprint = index(newEntries);
  const added: BundleEntry[] = [];
  const removed: BundleEntry[] = [];
  const unchanged: BundleEntry[] = [];
  for (const [fingerprint, entry] of newByFingerprint) (oldByFingerprint.has(fingerprint) ? unchanged : added).push(entry);
  for (const [fingerprint, entry] of oldByFingerprint) if (!newByFingerprint.has(fingerprint)) removed.push(entry);
  return { added: added.sort(compareEntries), removed: removed.sort(compareEntries), unchanged: unchanged.sort(compareEntries) };
}

function index(entries: readonly BundleEntry[]): Map<string, BundleEntry> {
  const map = new Map<string, BundleEntry>();
  for (const entry of entries) if (!map.has(entry.fingerprint)) map.set(entry.fingerprint, entry);
  return map;
}

/** True when the two bundles hold the same certificates. */
export function isEmptyDiff(diff: BundleDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0;
}
