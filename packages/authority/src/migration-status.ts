import type { TrustRole } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { NoCaError } from './errors/index.js';

/** Where one trusted CA stands in a migration. */
export interface TrustedCaStatus {
  fingerprint: string;
  subject: string;
  role: TrustRole;
  notAfter: string;
  /** Active, unexpired certificates in this store issued by this CA. */
  activeCertificates: number;
  /** Their usernames, sorted. */
  users: string[];
  /** The last notAfter among them, if any. */
  lastExpiry?: string;
  /** False for imported CAs: certificates issued outside mtlsctl are not in the inventory. */
  tracked: boolean;
  /** True when retiring it now locks nobody out that mtlsctl knows of (never for the active CA). */
  canRetire: boolean;
  /** Why it cannot be retired, or a caveat when it can. */
  note: string;
}

/**
 * For each CA in the trust bundle: how many active client certificates chain to it, the last expiry among them,
 * and whether it can be retired now. Reads the inventory (KV metadata) only.
 */
export async function migrationStatus(ctx: AuthorityContext): Promise<TrustedCaStatus[]> {
  const now = nowOf(ctx).getTime();
  const ca = await ctx.store.getCa();
  if (!ca) throw new NoCaError();
  const byIssuer = new Map<string, { users: string[]; lastExpiry?: string }>();
  for await (const item of ctx.store.listInventory({ repair: true })) {
    if (item.deleted || item.status !== 'active' || Date.parse(item.notAfter) <= now) continue;
    const entry = byIssuer.get(item.issuerFingerprint) ?? { users: [] };
    entry.users.push(item.username);
    if (!entry.lastExpiry || item.notAfter > entry.lastExpiry) entry.lastExpiry = item.notAfter;
    byIssuer.set(item.issuerFingerprint, entry);
  }
  return ca.value.trusted.map((t) => {
    const found = byIssuer.get(t.fingerprint) ?? { users: [] };
    const users = found.users.sort();
    const tracked = t.role !== 'imported';
    const canRetire = t.role !== 'active' && users.length === 0;
    const note =
      t.role === 'active'
        ? 'the active CA issues new certificates: rotate before retiring it'
        : users.length > 0
          ? `${users.length} active certificate(s) still chain only to it: renew them first`
          : tracked
            ? 'no active certificate chains to it'
            : 'imported: certificates it issued outside mtlsctl are not tracked; make sure their users have moved';
    return {
      fingerprint: t.fingerprint,
      subject: t.subject,
      role: t.role,
      notAfter: t.notAfter,
      activeCertificates: users.length,
      users,
      ...(found.lastExpiry ? { lastExpiry: found.lastExpiry } : {}),
      tracked,
      canRetire,
      note,
    };
  });
}
