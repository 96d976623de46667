import { MtlsctlError } from '@mtlsctl/errors';

/** Input to the HAProxy `crl-file` renderer that is not a usable CRL. Names the input and block, never key material. */
export class CrlFileError extends MtlsctlError {
  /**
   * @param detail - what is wrong and how to fix it
   * @param cause - the parser's error, if any
   */
  constructor(detail: string, cause?: unknown) {
    super({ code: 'CRL_FILE_INVALID', message: `crl-file: ${detail}`, cause });
  }
}

/**
 * The CRLs do not cover the trusted CAs. With `crl-file` on its `bind` line HAProxy (OpenSSL's
 * X509_V_FLAG_CRL_CHECK) needs a current CRL from every CA in `ca-file`: a client of a CA without one, or
 * whose CRL is past its nextUpdate, is refused at the TLS handshake.
 */
export class CrlCoverageError extends MtlsctlError {
  /** Subjects of the CAs with no CRL. */
  readonly missing: string[];
  /** Subjects of the CAs whose newest CRL is past its nextUpdate (or not yet valid). */
  readonly stale: string[];

  /**
   * @param missing - CA subjects without a CRL
   * @param stale - CA subjects whose CRL is not current
   */
  constructor(missing: string[], stale: string[]) {
    const parts = [
      ...(missing.length === 0 ? [] : [`no CRL for ${missing.map((s) => `"${s}"`).join(', ')}`]),
      ...(stale.length === 0 ? [] : [`CRL not current for ${stale.map((s) => `"${s}"`).join(', ')}`]),
    ];
    super({
      code: 'CRL_COVERAGE_INCOMPLETE',
      message:
        `crl-file: ${parts.join('; ')}. HAProxy would refuse every client of those CAs: publish a fresh CRL for ` +
        'each CA in the trust bundle (an empty CRL is fine) or drop the CA from the bundle',
    });
    this.missing = missing;
    this.stale = stale;
  }
}
