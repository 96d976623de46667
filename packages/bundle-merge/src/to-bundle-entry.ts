import { fromBER } from 'asn1js';
import type { BundleEntry } from './bundle-entry.js';
import { BundleInvalidCertificateError, type BundlePosition } from './errors/bundle-parse-error.js';
import { encodePem, inspectCertificate, type CertificateInfo } from '@mtlsctl/pki-core';

/**
 * Builds the bundle entry of one DER certificate.
 *
 * @param der - the certificate's DER bytes
 * @param position - where it came from, for the error message (default: nowhere)
 * @throws BundleInvalidCertificateError when the bytes are not exactly one X.509 certificate (truncated, trailing bytes)
 * @example
 * const entry = toBundleEntry(der);
 */
export function toBundleEntry(der: Uint8Array, position: BundlePosition = {}): BundleEntry {
  let facts: CertificateInfo;
  try {
    const outer = fromBER(der);
    if (outer.offset !== der.byteLength) throw new Error('bytes follow the certificate (or its length is wrong)');
    facts = inspectCertificate(der);
  } catch (error) {
    throw new BundleInvalidCertificateError(position, error);
  }
  return {
    pem: encodePem('CERTIFICATE', der),
    der,
    fingerprint: facts.fingerprintSha256,
    subject: facts.subject,
    issuer: facts.issuer,
    serialNumber: facts.serialNumber,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    isCa: facts.isCa,
    selfSigned: facts.selfSigned,
  };
}
