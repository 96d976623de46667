/**
 * The typed records mtlsctl keeps, and their field names in KV (the Vault layout in DESIGN.md).
 * Codecs between these types and KvData live in `record-codecs.ts`; every KV value is a string.
 */

/** How a CA came to be trusted. */
export type TrustRole = 'active' | 'rotated' | 'imported';

/** One CA in the trust bundle HAProxy must trust. */
export interface TrustedCa {
  /** SHA-256 of the DER, lowercase hex without separators. */
  fingerprint: string;
  subject: string;
  notAfter: string;
  role: TrustRole;
  /** RFC 3339 time it entered the bundle. */
  addedAt: string;
  certificatePem: string;
}

/**
 * `pki/ca`: public, read by ESO, users and the verifier.
 * KV fields: `ca.crt` (active CA PEM), `tls.crt` (the bundle: every trusted CA, PEM concatenated),
 * `fingerprint`, `not_after`, `trust` (JSON array of TrustedCa without certificatePem, in bundle order).
 */
export interface CaRecord {
  activeCertificatePem: string;
  activeFingerprint: string;
  activeNotAfter: string;
  trusted: TrustedCa[];
}

/**
 * A CA private key: `pki/ca-key` (the active one) and `pki/ca-keys/<fingerprint>` (kept after rotation,
 * to sign CRLs for that CA). KV fields: `tls.key` (PKCS#8 PEM), `tls.crt` (its certificate), `fingerprint`.
 */
export interface CaKeyRecord {
  privateKeyPem: string;
  certificatePem: string;
  fingerprint: string;
}

/**
 * A client certificate's lifecycle state. `pending`: a serial is reserved for a first certificate that is being
 * signed (or whose issuance was interrupted: issuing again finishes it); there is no certificate yet.
 */
export type ClientStatus = 'active' | 'revoked' | 'pending';

/**
 * A certificate issued to a user before their current one that may still be valid (renew or `--replace`
 * without revoking it): kept so `user revoke` can revoke it, and `user show` lists it.
 * KV field `earlier_certificates`: a JSON array of these.
 */
export interface EarlierCertificate {
  serial: string;
  notAfter: string;
  issuerFingerprint: string;
  created: string;
}

/**
 * `pki/clients/<username>`. KV fields: `p12` (base64 DER, the seed's field), `password`, `p12_profile`,
 * `tls.crt`, `tls.key` (empty when issued from a CSR), `ca.crt`, `serial`, `email`, `created`, `not_after`,
 * `issuer_fingerprint`, `status`, `revoked_at`, `revocation_reason`, `earlier_certificates` (JSON, see
 * {@link EarlierCertificate}), `reserved_certificate` (JSON: the serial reserved before signing, its issuer and notAfter bound; omitted when none).
 * custom_metadata (non-secret inventory): serial, email (omitted when empty), not_after, issuer_fingerprint,
 * status, created, and version (the data version the inventory describes).
 */
export interface ClientRecord {
  username: string;
  email: string;
  /** Lowercase hex serial without separators. */
  serial: string;
  certificatePem: string;
  /** PKCS#8 PEM; '' when the user kept their key (CSR issuance). */
  privateKeyPem: string;
  caCertificatePem: string;
  /** Base64 PKCS#12, '' when there is no key to package. */
  p12Base64: string;
  p12Password: string;
  p12Profile: 'modern' | 'legacy' | '';
  created: string;
  notAfter: string;
  issuerFingerprint: string;
  status: ClientStatus;
  revokedAt: string;
  revocationReason: string;
  /** Earlier certificates of this user that are not known to be expired or revoked, oldest first. */
  earlier: EarlierCertificate[];
  /**
   * The certificate being issued: its serial is reserved in the store before it is signed; null when no issuance
   * is under way. A run interrupted after signing may have made it: revocation covers it.
   */
  reserved: EarlierCertificate | null;
}

/** The non-secret part of a ClientRecord, kept in KV v2 custom_metadata. */
export interface ClientInventory {
  username: string;
  email: string;
  serial: string;
  notAfter: string;
  issuerFingerprint: string;
  status: ClientStatus;
  created: string;
}

/** One revoked certificate in a CRL record. */
export interface RevokedEntry {
  serial: string;
  revokedAt: string;
  reason: string;
  username: string;
  issuerFingerprint: string;
}

/**
 * `pki/crl`: public. KV fields: `crl.pem` (every CRL we can sign, one per trusted CA whose key we hold,
 * `X509 CRL` blocks concatenated), `crl_number`, `next_update`, `revoked` (JSON array of RevokedEntry),
 * `haproxy.deny` (an HAProxy rule denying the revoked serials).
 */
export interface CrlRecord {
  crlPem: string;
  crlNumber: number;
  nextUpdate: string;
  revoked: RevokedEntry[];
  haproxyDeny: string;
}

/** What an {@link IdentityClaim} reserves: a username regardless of case, or an email regardless of case. */
export type IdentityClaimKind = 'username' | 'email';

/**
 * `pki/claims/usernames/<sha256>` and `pki/claims/emails/<sha256>` (SHA-256, lowercase hex, of the lower-cased
 * username or email): which user holds a username or email, regardless of case. Written create-only (cas 0) or
 * check-and-set, so of concurrent claimants exactly one wins. KV fields: `kind`, `key` (the lower-cased name or
 * email), `claimant` (the exact username; '' once released), `claimant_version` (the version of the claimant's
 * client record when the claim was taken: a later version means that issuance got past its reservation),
 * `claimed_at` (RFC 3339).
 */
export interface IdentityClaim {
  kind: IdentityClaimKind;
  key: string;
  claimant: string;
  claimantVersion: number;
  claimedAt: string;
}
