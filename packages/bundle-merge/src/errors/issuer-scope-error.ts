import { MtlsctlError } from '@mtlsctl/errors';

/** A revoked serial scoped to an issuer fingerprint that is not among the CAs given to the renderer. */
export class UnknownIssuerError extends MtlsctlError {
  readonly issuerFingerprint: string;

  /** @param issuerFingerprint - the SHA-256 fingerprint asked for */
  constructor(issuerFingerprint: string) {
    super({
      code: 'ISSUER_NOT_IN_BUNDLE',
      message:
        `no CA with SHA-256 fingerprint ${issuerFingerprint} was given: pass the trust bundle's entries as ` +
        '`issuers` (the issuer DN HAProxy matches is read from the CA certificate), or scope by issuerSubject',
    });
    this.issuerFingerprint = issuerFingerprint;
  }
}

/**
 * An issuer name HAProxy's `ssl_c_i_dn` cannot be matched against from a configuration line: an attribute
 * type whose OpenSSL short name is not known here, a BMPString/UniversalString value, or a NUL byte. A rule
 * that silently never matches would let a revoked certificate in, so this is an error.
 */
export class UnsupportedIssuerNameError extends MtlsctlError {
  /** The issuer name as given or read (public data). */
  readonly issuer: string;

  /**
   * @param issuer - the issuer name
   * @param reason - which attribute or value is the problem
   */
  constructor(issuer: string, reason: string) {
    super({
      code: 'ISSUER_NAME_UNSUPPORTED',
      message:
        `cannot scope a deny rule to issuer "${issuer}": ${reason}. Omit the issuer to deny the serial ` +
        'whatever CA issued it',
    });
    this.issuer = issuer;
  }
}
