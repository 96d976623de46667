/**
 * One certificate of a trust bundle, with the facts merging, filtering and diffing need.
 * Entries are plain data: compare them by `fingerprint`.
 */
export interface BundleEntry {
  /** The certificate in canonical PEM (re-encoded from `der`: 64-column base64, trailing newline). */
  readonly pem: string;
  /** The DER bytes. */
  readonly der: Uint8Array;
  /** SHA-256 of the DER, lowercase hex: the entry's identity. */
  readonly fingerprint: string;
  /** Subject distinguished name, e.g. `C=FR, O=Acme, CN=Acme Client CA`. */
  readonly subject: string;
  /** Issuer distinguished name, same format as `subject`. */
  readonly issuer: string;
  /** Serial number, lowercase hex, as `openssl x509 -serial` prints it (no DER `00` sign byte). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** True when basicConstraints says `cA: TRUE`. */
  readonly isCa: boolean;
  /** True when the subject equals the issuer (self-issued; the signature is not checked here). */
  readonly selfSigned: boolean;
}
