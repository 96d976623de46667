import { EmptyBundleError, parseBundle } from '@mtlsctl/bundle-merge';
import { decodePemBlocks, encodePem, PemLabelError } from '@mtlsctl/pki-core';
import { PermissionDeniedError } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from '../context.js';
import { NoCaError } from '../errors.js';
import { diagnoseCredential } from './diagnose-credential.js';
import { readCredential } from './read-credential.js';
import type { VerifyReport } from './verify-report.js';

/** Options of {@link verifyCredential}. */
export interface VerifyCredentialOptions {
  /** The file's bytes: a p12, a PEM certificate (with its key and CAs, optionally) or a DER certificate. */
  data: Uint8Array;
  /** The p12 password. */
  password?: string;
  /** A separate private key (PEM), for a PEM or DER certificate. */
  keyPem?: string;
  /**
   * The trust bundle HAProxy reads, instead of the store's (e.g. the cluster Secret's `tls.crt`, or a file).
   * With it, only `crlPems` are used for revocation: the store is not read.
   */
  trustBundlePem?: string;
  /** CRLs (PEM, one or several blocks each) when `trustBundlePem` is given. */
  crlPems?: string[];
}

/** A verify report and where its trust came from. */
export interface CredentialVerdict extends VerifyReport {
  /** `store`: the store's `tls.crt` and `crl.pem`; `bundle`: the bundle (and CRLs) the caller passed. */
  trustSource: 'store' | 'bundle';
  /** The CAs of the trust bundle used. */
  trustedCas: Array<{ subject: string; fingerprint: string }>;
}

/**
 * "Why is my certificate not accepted?": reads the identity and judges it as HAProxy would against the current
 * trust bundle and CRLs — the store's `tls.crt` and `crl.pem` (what ESO syncs and `crl-file` reads), or the ones
 * given. A certificate of a CA that was rotated out and then retired is reported as such (that needs read access
 * to the archived CA records; without it, as an unknown CA).
 *
 * @throws NoCaError when the store has no CA and no bundle is given; bundle-merge's BundleParseError and
 *   EmptyBundleError for an unusable `trustBundlePem`
 * @example
 * const verdict = await verifyCredential(ctx, { data: await readFile('alice.p12'), password });
 * if (!verdict.accepted) console.error(verdict.message, verdict.fix);
 */
export async function verifyCredential(ctx: AuthorityContext, options: VerifyCredentialOptions): Promise<CredentialVerdict> {
  const trust = options.trustBundlePem === undefined ? await storeTrust(ctx) : givenTrust(options.trustBundlePem, options.crlPems ?? []);
  const credential = await readCredential({
    data: options.data,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.keyPem === undefined ? {} : { keyPem: options.keyPem }),
  });
  const report = await diagnoseCredential({
    credential,
    trustBundlePem: trust.bundlePem,
    crlPems: trust.crlPems,
    retiredCaPems: trust.retiredCaPems,
    at: nowOf(ctx),
    ...(ctx.crypto === undefined ? {} : { crypto: ctx.crypto }),
  });
  return { ...report, trustSource: trust.source, trustedCas: parseBundle(trust.bundlePem).map((e) => ({ subject: e.subject, fingerprint: e.fingerprint })) };
}

interface Trust {
  source: 'store' | 'bundle';
  bundlePem: string;
  crlPems: string[];
  retiredCaPems: string[];
}

function givenTrust(bundlePem: string, crlPems: string[]): Trust {
  if (parseBundle(bundlePem).length === 0) throw new EmptyBundleError();
  return { source: 'bundle', bundlePem, crlPems: crlPems.flatMap(splitCrls), retiredCaPems: [] };
}

async function storeTrust(ctx: AuthorityContext): Promise<Trust> {
  const [ca, crl] = await Promise.all([ctx.store.getCa(), ctx.store.getCrl()]);
  if (!ca) throw new NoCaError('this store has no CA, so there is no trust bundle to verify against (pass --bundle)');
  const trusted = new Set(ca.value.trusted.map((t) => t.fingerprint));
  return {
    source: 'store',
    bundlePem: ca.value.trusted.map((t) => t.certificatePem).join(''),
    crlPems: crl === undefined ? [] : splitCrls(crl.value.crlPem),
    retiredCaPems: await retiredCas(ctx, trusted),
  };
}

/** Certificates of CAs whose keys the store archived but that are no longer in the bundle; none when the token may not read them. */
async function retiredCas(ctx: AuthorityContext, trusted: Set<string>): Promise<string[]> {
  try {
    const fingerprints = (await ctx.store.listArchivedCaKeys()).filter((f) => !trusted.has(f));
    const records = await Promise.all(fingerprints.map((f) => ctx.store.getArchivedCaKey(f)));
    return records.flatMap((r) => (r === undefined ? [] : [r.value.certificatePem]));
  } catch (error) {
    if (PermissionDeniedError.isInstance(error)) return [];
    throw error;
  }
}

function splitCrls(text: string): string[] {
  if (text.trim() === '') return [];
  return decodePemBlocks(text).map((block, index) => {
    if (block.label !== 'X509 CRL' && block.label !== 'CRL') throw new PemLabelError('X509 CRL', block.label, `block ${index + 1} of the CRL file is not a CRL`);
    return encodePem('X509 CRL', block.der);
  });
}
