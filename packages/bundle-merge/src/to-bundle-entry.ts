import { encodePem, readCertificateFacts } from '@mtlsctl/pki-core';
import type { BundleEntry } from './bundle-entry.js';
import { BundleInvalidCertificateError, type BundlePosition } from './errors/bundle-parse-error.js';

/**
 * Builds the bundle entry of one DER certificate: pki-core's `readCertificateFacts` (a fast DER walk, so a
 * bundle of 10,000 certificates parses in well under a second) and the certificate's canonical PEM.
 *
 * @param der - the certificate's DER bytes
 * @param position - where it came from, for the error message (default: nowhere)
 * @throws BundleInvalidCertificateError when the bytes are not exactly one X.509 certificate (truncated,
 *   trailing bytes, not a certificate)
 * @example
 * const entry = toBundleEntry(der);
 */
export function toBundleEntry(der: Uint8Array, position: BundlePosition = {}): BundleEntry {
  let f: ReturnType<typeof readCertificateFacts>;
  try {
    f = readCertificateFacts(der);
  } catch (error) {
    throw new BundleInvalidCertificateError(position, error);
  }
  // Field by field, not a spread: one object literal of a fixed shape is what keeps 10,000 entries fast.
  return {
    pem: encodePem('CERTIFICATE', der),
    der,
    fingerprint: f.fingerprint,
    subject: f.subject,
    issuer: f.issuer,
    serialNumber: f.serialNumber,
    notBefore: f.notBefore,
    notAfter: f.notAfter,
    isCa: f.isCa,
    subjectKeyIdentifier: f.subjectKeyIdentifier,
    authorityKeyIdentifier: f.authorityKeyIdentifier,
    selfSigned: f.selfSigned,
  };
}
