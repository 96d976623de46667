/** What a certificate says, in plain values (what `mtlsctl show` and `--json` print). */
export interface CertificateInfo {
  /** Subject DN, RDNs in encoded order, e.g. `CN=alice` or `CN=mtlsctl CA, O=Acme`. */
  subject: string;
  /** Issuer DN, same format. */
  issuer: string;
  /** The first subject CN, or `''` when there is none. */
  commonName: string;
  /** rfc822Name SANs, then any subject emailAddress values, without duplicates. */
  emails: string[];
  /** dNSName SANs. */
  dnsNames: string[];
  /** iPAddress SANs. */
  ipAddresses: string[];
  /** Lowercase hex, no colons, no leading `00`. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, lowercase hex, no colons. */
  fingerprintSha256: string;
  /** e.g. `ECDSA P-256`, `ECDSA P-384`, `RSA 2048`, `Ed25519`. */
  keyAlgorithm: string;
  /** e.g. `ECDSA-SHA256`, `RSA-SHA256`, `Ed25519`. */
  signatureAlgorithm: string;
  /** Names such as `digitalSignature`, `keyCertSign`, `cRLSign`; empty without a keyUsage extension. */
  keyUsages: string[];
  /** Names (`clientAuth`, `serverAuth`, ...) or dotted OIDs for others; empty without an EKU extension. */
  extendedKeyUsages: string[];
  /** basicConstraints CA:TRUE. */
  isCa: boolean;
  /** basicConstraints pathLenConstraint, when set. */
  pathLength?: number;
  /** Lowercase hex. */
  subjectKeyIdentifier?: string;
  /** The keyIdentifier of the AKI, lowercase hex. */
  authorityKeyIdentifier?: string;
  /**
   * Self-issued: subject and issuer names are equal and the key identifiers (when both present) agree.
   * The signature is not checked here (verifyClientCertificate does).
   */
  selfSigned: boolean;
}
