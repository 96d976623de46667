import type { ClientInventory, ClientStatus } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';

/** Options of {@link listClients}. */
export interface ListClientsOptions {
  /** Only certificates that expire within this many days (expired ones included). */
  expiringWithinDays?: number;
  /** Only this status. */
  status?: ClientStatus;
  /** Only certificates issued by this CA (fingerprint). */
  issuerFingerprint?: string;
  /**
   * Told about a client left out because its inventory is missing and this token cannot read the record to
   * repair it (the verifier's token); without it such a client fails the listing.
   */
  onUnlisted?: (username: string, reason: string) => void;
}

/** One row of the inventory, with what the admin needs to act on it. */
export interface InventoryRow extends ClientInventory {
  /** Whole days until notAfter; negative once expired. */
  daysLeft: number;
  expired: boolean;
}

/**
 * Lists the certificate inventory from KV metadata only (no private keys are read), sorted by username.
 * Works page by page, so 10,000+ users are fine.
 */
export async function listClients(ctx: AuthorityContext, options: ListClientsOptions = {}): Promise<InventoryRow[]> {
  const now = nowOf(ctx).getTime();
  const rows: InventoryRow[] = [];
  for await (const { version: _v, currentVersion: _c, stale: _s, deleted, ...item } of ctx.store.listInventory({
    repair: true,
    ...(options.onUnlisted ? { onUnlisted: options.onUnlisted } : {}),
  })) {
    if (deleted) continue;
    const notAfter = Date.parse(item.notAfter);
    const row: InventoryRow = { ...item, daysLeft: Math.floor((notAfter - now) / 86_400_000), expired: notAfter <= now };
    if (options.status && row.status !== options.status) continue;
    if (options.issuerFingerprint && row.issuerFingerprint !== options.issuerFingerprint) continue;
    if (options.expiringWithinDays !== undefined && row.daysLeft > options.expiringWithinDays) continue;
    rows.push(row);
  }
  // One collator for the whole sort: the order of `localeCompare` (the same default locale and options).
  const collator = new Intl.Collator();
  return rows.sort((a, b) => collator.compare(a.username, b.username));
}
