import type { ClientInventory } from '@mtlsctl/vault-store';
import type { ObservedCa, ObservedCrl } from './observation.js';

/** Something that stops working at a known time. */
export interface ExpiryItem {
  /** `client` certificate, trusted `ca` certificate, or `crl` (HAProxy refuses the CA's clients after its nextUpdate). */
  kind: 'client' | 'ca' | 'crl';
  /** The username, the CA's subject, or the CRL issuer's DN. */
  name: string;
  /** The client's serial or the CA's fingerprint; the issuer's fingerprint for a CRL when known. */
  id: string;
  /** notAfter, or nextUpdate for a CRL (RFC 3339). */
  expiresAt: string;
  /** Whole days left, rounded down (negative once past). */
  daysLeft: number;
  expired: boolean;
}

/** Inputs of {@link evaluateExpiry}. */
export interface ExpiryInput {
  clients: readonly ClientInventory[];
  cas?: readonly ObservedCa[];
  crls?: readonly ObservedCrl[];
}

const DAY_MS = 86_400_000;

/**
 * Expiry, computed from each certificate's notAfter (not from when it was `created`): every
 * active client certificate, trusted CA and CRL that is past or within `withinDays` of its end, soonest first.
 * Revoked clients are left out (they are meant to stop working).
 *
 * @param input - the inventory (and optionally the CAs and CRLs)
 * @param options.now - the time to compare with
 * @param options.withinDays - the window in days
 * @param options.crlWithinDays - the window for CRLs (default `withinDays`): CRLs are reissued often (mtlsctl
 *   publishes them for 30 days), so their window is usually shorter
 * @example
 * evaluateExpiry({ clients }, { now: new Date(), withinDays: 30 }).filter((i) => i.kind === 'client');
 */
export function evaluateExpiry(input: ExpiryInput, options: { now: Date; withinDays: number; crlWithinDays?: number }): ExpiryItem[] {
  const limit = options.now.getTime() + options.withinDays * DAY_MS;
  const crlLimit = options.now.getTime() + (options.crlWithinDays ?? options.withinDays) * DAY_MS;
  const items: ExpiryItem[] = [];
  const add = (kind: ExpiryItem['kind'], name: string, id: string, end: Date) => {
    if (Number.isNaN(end.getTime()) || end.getTime() > (kind === 'crl' ? crlLimit : limit)) return;
    const left = end.getTime() - options.now.getTime();
    items.push({ kind, name, id, expiresAt: end.toISOString(), daysLeft: Math.floor(left / DAY_MS), expired: left <= 0 });
  };
  for (const client of input.clients) if (client.status === 'active') add('client', client.username, client.serial, new Date(client.notAfter));
  for (const ca of input.cas ?? []) add('ca', ca.subject, ca.fingerprint, ca.notAfter);
  for (const crl of input.crls ?? []) if (crl.nextUpdate) add('crl', crl.issuer, crl.issuerFingerprint ?? '', crl.nextUpdate);
  return items.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
