import { MtlsctlError } from '@mtlsctl/errors';

/** The certificate given as issuer is not a CA (no basicConstraints CA:TRUE, or no keyCertSign/cRLSign usage). */
export class IssuerNotCaError extends MtlsctlError {
  /**
   * @param subject - the issuer certificate's subject
   * @param why - what it lacks, e.g. `basicConstraints CA:TRUE`
   */
  constructor(subject: string, why: string) {
    super({
      code: 'ISSUER_NOT_CA',
      message: `"${subject}" cannot issue: it lacks ${why}. Use the CA certificate (e.g. the one createRootCa made), not a client certificate`,
    });
  }
}

/** The issuer's private key does not belong to the issuer certificate: what it signs would not verify. */
export class IssuerKeyMismatchError extends MtlsctlError {
  /** @param subject - the issuer certificate's subject */
  constructor(subject: string) {
    super({
      code: 'ISSUER_KEY_MISMATCH',
      message:
        `the CA private key does not match the CA certificate "${subject}": ` +
        'the certificate and key stored for the CA come from different generations; restore the matching pair',
    });
  }
}

/** The issuer's basicConstraints pathLenConstraint does not allow the CA certificate asked for below it. */
export class IssuerPathLengthError extends MtlsctlError {
  /**
   * @param subject - the issuer certificate's subject
   * @param issuerPathLength - the issuer's pathLenConstraint
   * @param requested - the path length asked for the new CA
   */
  constructor(subject: string, issuerPathLength: number, requested: number) {
    super({
      code: 'ISSUER_PATH_LENGTH_EXCEEDED',
      message:
        issuerPathLength === 0
          ? `"${subject}" has pathLen:0 and cannot sign another CA: sign the intermediate with a CA whose path length allows it`
          : `"${subject}" has pathLen:${issuerPathLength}, so a CA below it may have at most pathLen:${issuerPathLength - 1}, not ${requested}`,
    });
  }
}
