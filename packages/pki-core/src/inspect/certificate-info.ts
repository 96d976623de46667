import type { CertificateFacts } from './certificate-facts.js';

/**
 * What a certificate says, in plain values (what `mtlsctl show` and `--json` print): its
 * {@link CertificateFacts} and the rest of its names, key and extensions.
 */
export interface CertificateInfo extends CertificateFacts {
  /** The first subject CN, or `''` when there is none. */
  commonName: string;
  /** rfc822Name SANs, then any subject emailAddress values, without duplicates. */
  emails: string[];
  /** dNSName SANs. */
  dnsNames: string[];
  /** iPAddress SANs. */
  ipAddresses: string[];
  /** e.g. `ECDSA P-256`, `ECDSA P-384`, `RSA 2048`, `Ed25519`. */
  keyAlgorithm: string;
  /** e.g. `ECDSA-SHA256`, `RSA-SHA256`, `Ed25519`. */
  signatureAlgorithm: string;
  /** Names such as `digitalSignature`, `keyCertSign`, `cRLSign`; empty without a keyUsage extension. */
  keyUsages: string[];
  /** Names (`clientAuth`, `serverAuth`, ...) or dotted OIDs for others; empty without an EKU extension. */
  extendedKeyUsages: string[];
  /** basicConstraints pathLenConstraint, when set. */
  pathLength?: number;
}
