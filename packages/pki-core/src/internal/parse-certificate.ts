import { DerDecodeError } from '../errors/der-decode-error.js';
import { decodeSingle } from '../pem/decode-single.js';
import { toArrayBuffer } from './bytes.js';
import { x509 } from './x509.js';

/**
 * Parses one certificate from PEM or DER.
 *
 * @param input - PEM text (exactly one CERTIFICATE block) or DER bytes
 * @throws PemFormatError / PemLabelError for bad PEM; DerDecodeError when the bytes are not a certificate
 */
export function parseCertificate(input: string | Uint8Array): x509.X509Certificate {
  const der = decodeSingle(input, 'CERTIFICATE');
  try {
    const certificate = new x509.X509Certificate(toArrayBuffer(der));
    void certificate.extensions; // decode the extensions now, so a damaged one fails here
    return certificate;
  } catch (error) {
    throw new DerDecodeError('CERTIFICATE', error instanceof Error ? error.message : String(error), error);
  }
}
