/**
 * The facts of a certificate every part of mtlsctl reads: its identity, names, serial, dates and CA flag.
 * {@link readCertificateFacts} reads them with a fast DER walk (what bundle parsing uses for 10,000
 * certificates); `CertificateInfo` (`inspectCertificate`) adds the rest. The field names are the ones
 * `--json` prints for a certificate, in every command.
 */
export interface CertificateFacts {
  /** SHA-256 of the DER, lowercase hex, no colons: the certificate's identity. */
  fingerprint: string;
  /** Subject DN, RDNs in encoded order, e.g. `CN=alice` or `CN=mtlsctl CA, O=Acme`. */
  subject: string;
  /** Issuer DN, same format. */
  issuer: string;
  /** Lowercase hex, no colons, no leading `00` (as `openssl x509 -serial` prints it, in lowercase). */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints CA:TRUE. */
  isCa: boolean;
  /** Lowercase hex, when the certificate has a subjectKeyIdentifier (the key is there, undefined, otherwise). */
  subjectKeyIdentifier?: string | undefined;
  /** The keyIdentifier of the authorityKeyIdentifier, lowercase hex, when present. */
  authorityKeyIdentifier?: string | undefined;
  /**
   * Self-issued: subject and issuer names match (RFC 5280 §7.1, simplified: case and inner whitespace of
   * values ignored) and the key identifiers, when both are present, agree. The signature is not checked
   * here (verifyClientCertificate does).
   */
  selfSigned: boolean;
}
