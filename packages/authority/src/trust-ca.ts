import { parseBundle } from '@mtlsctl/bundle-merge';
import { inspectCertificate } from '@mtlsctl/pki-core';
import type { TrustedCa } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { NoCaError, NotACaCertificateError } from './errors/index.js';
import { normalizeDn } from './next-generation-subject.js';
import { caRecordFor, trustedCaFrom } from './trusted-ca.js';

/** What {@link trustCa} did: the CAs added and those already trusted. */
export interface TrustCaResult {
  added: TrustedCa[];
  alreadyTrusted: string[];
  /** What is weak or confusing about the CAs added (an RSA key under 2048 bits, a SHA-1 signature, a DN another trusted CA has). */
  warnings: string[];
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
  const warnings: string[] = [];
  for (const entry of entries) {
    if (known.has(entry.fingerprint)) {
      alreadyTrusted.push(entry.fingerprint);
      continue;
    }
    known.add(entry.fingerprint);
    warnings.push(...weaknesses(entry.pem, [...ca.value.trusted, ...added]));
    added.push(trustedCaFrom(entry.pem, 'imported', now));
  }
  if (added.length > 0) await ctx.store.putCa(caRecordFor([...ca.value.trusted, ...added]), { cas: ca.version });
  return { added, alreadyTrusted, warnings };
}

/** Why a CA being added deserves a second look; empty when nothing does. */
function weaknesses(pem: string, trusted: readonly TrustedCa[]): string[] {
  const info = inspectCertificate(pem);
  const out: string[] = [];
  const rsaBits = /^RSA (\d+)$/.exec(info.keyAlgorithm);
  if (rsaBits && Number(rsaBits[1]) < 2048) out.push(`${info.subject} has an ${info.keyAlgorithm}-bit key: under 2048 bits it can be factored; replace it soon`);
  if (/SHA-?1$/i.test(info.signatureAlgorithm)) out.push(`${info.subject} is signed with ${info.signatureAlgorithm}: SHA-1 signatures are refused by current TLS stacks (OpenSSL at security level 1+)`);
  const clash = trusted.find((t) => normalizeDn(t.subject) === normalizeDn(info.subject));
  if (clash) {
    out.push(`${info.subject} has the same subject DN as the trusted CA ${clash.fingerprint.slice(0, 16)}: Java PKIX, GnuTLS and NSS keep one CRL per issuer name and may miss revocations of either`);
  }
  return out;
}
