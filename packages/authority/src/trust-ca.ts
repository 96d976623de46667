import { parseBundle } from '@mtlsctl/bundle-merge';
import type { TrustedCa } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { NoCaError, NotACaCertificateError } from './errors/index.js';
import { caRecordFor, trustedCaFrom } from './trusted-ca.js';

/** What {@link trustCa} did: the CAs added and those already trusted. */
export interface TrustCaResult {
  added: TrustedCa[];
  alreadyTrusted: string[];
}

/**
 * Adds external CA certificates (the old system's CA during a migration) to the trust bundle HAProxy reads,
 * with role `imported`. The input is parsed strictly (certificates only: a private key is refused); each must
 * be a CA certificate that has not expired.
 *
 * @param options.pem - one or more PEM certificates
 */
export async function trustCa(ctx: AuthorityContext, options: { pem: string }): Promise<TrustCaResult> {
  const now = nowOf(ctx);
  const entries = parseBundle(options.pem);
  for (const entry of entries) {
    if (!entry.isCa) throw new NotACaCertificateError(entry.subject, 'it is not a CA certificate (basicConstraints CA:FALSE or absent)');
    if (entry.notAfter.getTime() <= now.getTime()) throw new NotACaCertificateError(entry.subject, `it expired on ${entry.notAfter.toISOString()}`);
  }
  const ca = await ctx.store.getCa();
  if (!ca) throw new NoCaError();
  const known = new Set(ca.value.trusted.map((t) => t.fingerprint));
  const added: TrustedCa[] = [];
  const alreadyTrusted: string[] = [];
  for (const entry of entries) {
    if (known.has(entry.fingerprint)) {
      alreadyTrusted.push(entry.fingerprint);
      continue;
    }
    known.add(entry.fingerprint);
    added.push(trustedCaFrom(entry.pem, 'imported', now));
  }
  if (added.length > 0) await ctx.store.putCa(caRecordFor([...ca.value.trusted, ...added]), { cas: ca.version });
  return { added, alreadyTrusted };
}
