import { verifyCrlSignature } from '@mtlsctl/pki-core';
import type { CrlRecord } from '@mtlsctl/vault-store';
import { splitCrls } from './split-crls.js';

/**
 * True when the published CRL set holds a CRL signed by this CA. Publishing the CRL is the last step of `ca init`
 * and `ca rotate`; an active CA without one means that step was interrupted (HAProxy with `crl-file` would then
 * refuse all of its clients), so the next run finishes it instead of starting over.
 *
 * @param crl - the `crl` record, or undefined when none was ever published
 * @param caCertificatePem - the CA certificate whose CRL is looked for
 */
export async function crlCoversCa(crl: CrlRecord | undefined, caCertificatePem: string, crypto?: Crypto): Promise<boolean> {
  if (!crl) return false;
  for (const pem of splitCrls(crl.crlPem)) if (await verifyCrlSignature(pem, caCertificatePem, crypto)) return true;
  return false;
}
