import type { CertificateFacts } from '@mtlsctl/pki-core';

/**
 * One certificate of a trust bundle: pki-core's {@link CertificateFacts} (the one certificate-facts type, read
 * by its DER walk) with the certificate's bytes. Entries are plain data: compare them by `fingerprint`.
 */
export interface BundleEntry extends Readonly<CertificateFacts> {
  /** The certificate in canonical PEM (re-encoded from `der`: 64-column base64, trailing newline). */
  readonly pem: string;
  /** The DER bytes. */
  readonly der: Uint8Array;
}
