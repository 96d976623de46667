import { EmptyBundleError, parseBundle } from '@mtlsctl/bundle-merge';
import { MtlsctlError } from '@mtlsctl/errors';
import { trustBundlePem } from '@mtlsctl/vault-store';
import type { AuthorityContext } from '../context.js';
import { NoCaError } from '../errors/index.js';
import { splitCrls } from '../split-crls.js';

/** What HAProxy trusts, and CAs that were trusted once (to tell "retired" from "foreign"). */
export interface TrustInputs {
  /** `store`: the store's records; `bundle`: files the caller passed; `cluster`: the cluster Secret. */
  source: 'store' | 'bundle' | 'cluster';
  /** `ca-file`: the trust bundle (`tls.crt`). */
  bundlePem: string;
  /** `crl-file`: one PEM per CRL. */
  crlPems: string[];
  /** Certificates of CAs retired from the bundle. */
  retiredCaPems: string[];
}

/**
 * The trust the store publishes: `tls.crt` of `pki/ca`, the CRLs of `pki/crl`, and the archived CAs no longer in
 * the bundle (read only when the token may: a user token gets none, so a retired CA then looks foreign).
 *
 * @throws NoCaError when the store has no CA
 */
export async function trustFromStore(ctx: AuthorityContext): Promise<TrustInputs> {
  const [ca, crl] = await Promise.all([ctx.store.getCa(), ctx.store.getCrl()]);
  if (!ca) throw new NoCaError('this store has no CA to verify against (pass --bundle <tls.crt> to use another trust bundle)');
  const trusted = new Set(ca.value.trusted.map((t) => t.fingerprint));
  return {
    source: 'store',
    bundlePem: trustBundlePem(ca.value.trusted),
    crlPems: crl === undefined ? [] : splitCrls(crl.value.crlPem),
    retiredCaPems: await retiredCas(ctx, trusted),
  };
}

/**
 * Trust from files (or the cluster Secret's `tls.crt`): a bundle and the CRLs HAProxy reads.
 *
 * @param bundlePem - PEM CA certificates
 * @param crlPems - CRL files, each one or several `X509 CRL` blocks
 * @throws bundle-merge's parse errors and EmptyBundleError for an unusable bundle; PEM errors for a bad CRL file
 */
export function trustFromBundle(bundlePem: string, crlPems: readonly string[] = [], source: 'bundle' | 'cluster' = 'bundle'): TrustInputs {
  if (parseBundle(bundlePem).length === 0) throw new EmptyBundleError();
  return { source, bundlePem, crlPems: crlPems.flatMap(splitCrls), retiredCaPems: [] };
}

async function retiredCas(ctx: AuthorityContext, trusted: Set<string>): Promise<string[]> {
  try {
    const fingerprints = (await ctx.store.listArchivedCaKeys()).filter((f) => !trusted.has(f));
    const records = await Promise.all(fingerprints.map((f) => ctx.store.getArchivedCaKey(f)));
    return records.flatMap((r) => (r === undefined ? [] : [r.value.certificatePem]));
  } catch (error) {
    if (MtlsctlError.isInstance(error) && error.kind === 'denied') return [];
    throw error;
  }
}
