import { decodePemBlocks, encodePem, PemLabelError } from '@mtlsctl/pki-core';

/**
 * Splits a CRL file (one or several `X509 CRL` blocks, as `pki/crl`'s `crl.pem` and HAProxy's `crl-file` hold)
 * into one PEM per CRL.
 *
 * @throws PemFormatError for malformed PEM; PemLabelError for a block that is not a CRL
 */
export function splitCrls(text: string): string[] {
  if (text.trim() === '') return [];
  return decodePemBlocks(text).map((block, index) => {
    if (block.label !== 'X509 CRL' && block.label !== 'CRL') throw new PemLabelError('X509 CRL', block.label, `block ${index + 1} of the CRL file is not a CRL`);
    return encodePem('X509 CRL', block.der);
  });
}
