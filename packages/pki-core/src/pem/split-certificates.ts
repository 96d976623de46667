import { PemLabelError } from '../errors/pem-label-error.js';
import { decodePemBlocks } from './decode-pem-blocks.js';
import { encodePem } from './encode-pem.js';

/**
 * Splits a PEM bundle (e.g. a `ca.crt` holding several CAs) into one normalised PEM per certificate.
 *
 * @param text - concatenated CERTIFICATE blocks; whitespace between them is fine
 * @returns each certificate as its own PEM (64-column base64, trailing newline), in input order
 * @throws PemFormatError for malformed PEM; PemLabelError naming the first block that is not a CERTIFICATE
 * @example
 * const [activeCa, oldCa] = splitCertificates(bundlePem);
 */
export function splitCertificates(text: string): string[] {
  return decodePemBlocks(text).map((block, index) => {
    if (block.label !== 'CERTIFICATE') {
      throw new PemLabelError('CERTIFICATE', block.label, `block ${index + 1} of the bundle is not a certificate; a bundle may hold certificates only`);
    }
    return encodePem('CERTIFICATE', block.der);
  });
}
