import { MtlsctlError } from '@mtlsctl/errors';

/** The requested notAfter of a certificate lies beyond its issuer's notAfter, which verifiers would refuse. */
export class NotAfterBeyondIssuerError extends MtlsctlError {
  /** The notAfter that was asked for. */
  readonly notAfter: Date;
  /** The issuer certificate's notAfter. */
  readonly issuerNotAfter: Date;

  /**
   * @param notAfter - the requested notAfter
   * @param issuerNotAfter - the issuing CA's notAfter
   */
  constructor(notAfter: Date, issuerNotAfter: Date) {
    super({
      code: 'VALIDITY_BEYOND_ISSUER',
      message:
        `the certificate would expire on ${notAfter.toISOString()}, after its issuing CA (${issuerNotAfter.toISOString()}): ` +
        'ask for fewer validity days or an earlier notAfter, or rotate to a CA that lives longer',
    });
    this.notAfter = notAfter;
    this.issuerNotAfter = issuerNotAfter;
  }
}
