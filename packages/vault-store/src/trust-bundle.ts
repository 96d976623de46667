import { pemText } from '@mtlsctl/pki-core/pem';
import type { TrustedCa } from './records.js';

/**
 * The trust bundle: the `tls.crt` of `pki/ca` that ESO syncs to the ingress (HAProxy's `ca-file`), and the one
 * place it is assembled. Every trusted CA's certificate, each ending in exactly one newline, concatenated in
 * the record's trust order (authority's `caRecordFor` keeps it: the active CA first, then the others by the
 * time they were added, then by fingerprint). The same trust list always gives the same bytes, which is what
 * k8s-sync compares the Secret against.
 *
 * @param trusted - the CA record's `trusted`, in its order
 * @returns the PEM text (`''` for no CA)
 * @example
 * const tlsCrt = trustBundlePem(ca.value.trusted);
 */
export function trustBundlePem(trusted: readonly Pick<TrustedCa, 'certificatePem'>[]): string {
  return trusted.map((t) => pemText(t.certificatePem)).join('');
}
