import type { BundleEntry } from './bundle-entry.js';

/** Why {@link filterBundle} dropped a certificate. */
export type DropReason = 'expired' | 'not-ca';

/** What {@link filterBundle} drops. Nothing is dropped unless asked. */
export interface BundleFilter {
  /** Drop certificates whose notAfter is before this instant (the caller's clock; there is no default). */
  dropExpired?: Date;
  /** Drop certificates that are not CAs (no basicConstraints `cA: TRUE`). */
  dropNonCa?: boolean;
}

/** A dropped certificate and every reason that applied. */
export interface DroppedEntry {
  entry: BundleEntry;
  reasons: DropReason[];
}

/** The outcome of {@link filterBundle}: what stays, and what went and why. */
export interface FilterResult {
  kept: BundleEntry[];
  dropped: DroppedEntry[];
}

/**
 * Filters a trust bundle, reporting each dropped certificate with its reasons. A certificate valid until
 * exactly `dropExpired` is kept (OpenSSL accepts a certificate at its notAfter instant). Order is preserved.
 *
 * @param entries - the bundle
 * @param filter - see {@link BundleFilter}
 * @example
 * const { kept, dropped } = filterBundle(entries, { dropExpired: new Date(), dropNonCa: true });
 */
export function filterBundle(entries: readonly BundleEntry[], filter: BundleFilter): FilterResult {
  const kept: BundleEntry[] = [];
  const dropped: DroppedEntry[] = [];
  const now = filter.dropExpired?.getTime();
  for (const entry of entries) {
    const reasons: DropReason[] = [];
    if (now !== undefined && entry.notAfter.getTime() < now) reasons.push('expired');
    if (filter.dropNonCa === true && !entry.isCa) reasons.push('not-ca');
    if (reasons.length === 0) kept.push(entry);
    else dropped.push({ entry, reasons });
  }
  return { kept, dropped };
}
