import type { TrustedCa } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { NoCaError, RetireBlockedError } from './errors/index.js';
import { migrationStatus } from './migration-status.js';
import { publishCrl } from './publish-crl.js';
import { resolveTrustedCa } from './resolve-trusted-ca.js';
import { caRecordFor } from './trusted-ca.js';

/** What {@link retireCa} did. */
export interface RetiredCa {
  retired: TrustedCa;
  /** Users whose certificates stopped being trusted (only with `force`). */
  lockedOut: string[];
  /** Set for imported CAs, whose certificates mtlsctl cannot see. */
  warning?: string;
}

/**
 * Removes a CA from the trust bundle HAProxy reads. Refuses the active CA (rotate first), and refuses while
 * active certificates still chain only to it, naming their users, unless `force`. The CRL set is republished
 * without it.
 *
 * @param options.fingerprint - SHA-256 fingerprint or an unambiguous prefix (≥ 8 hex digits)
 */
export async function retireCa(ctx: AuthorityContext, options: { fingerprint: string; force?: boolean }): Promise<RetiredCa> {
  const ca = await ctx.store.getCa();
  if (!ca) throw new NoCaError();
  const target = resolveTrustedCa(ca.value.trusted, options.fingerprint);
  if (target.role === 'active') {
    throw new RetireBlockedError(target.fingerprint, [], 'it is the active issuing CA; run `mtlsctl ca rotate` first');
  }
  const status = (await migrationStatus(ctx)).find((s) => s.fingerprint === target.fingerprint);
  const users = status?.users ?? [];
  if (users.length > 0 && !options.force) {
    throw new RetireBlockedError(target.fingerprint, users, `${users.length} active certificate(s) chain only to it`);
  }
  await ctx.store.putCa(caRecordFor(ca.value.trusted.filter((t) => t.fingerprint !== target.fingerprint)), { cas: ca.version });
  await publishCrl(ctx);
  return {
    retired: target,
    lockedOut: users,
    ...(target.role === 'imported'
      ? { warning: 'certificates this CA issued outside mtlsctl are no longer trusted; mtlsctl cannot list them' }
      : {}),
  };
}
