import { MtlsctlError } from '@mtlsctl/errors';

/**
 * The bytes are not a PKCS#12 file mtlsctl can read: not DER, not a PFX, or protected with an algorithm it does
 * not support (the message names the algorithm and its OID). Codes:
 * - `P12_INVALID`: the input does not decode as a PKCS#12 PFX structure.
 * - `P12_ALGORITHM_UNSUPPORTED`: an encryption, KDF or MAC algorithm mtlsctl cannot use; `oid` says which.
 * - `P12_CONTENT_UNEXPECTED`: a well-formed file whose contents mtlsctl cannot use (no key, several keys,
 *   no certificate for the key, a public-key integrity mode).
 */
export class Pkcs12FormatError extends MtlsctlError {
  /** The OID of the unsupported algorithm, when that is the failure. */
  readonly oid: string | undefined;

  /**
   * @param params.code - one of the codes above
   * @param params.message - what failed, why, and how to fix it
   * @param params.oid - the unsupported algorithm's OID, if any
   */
  constructor(params: {
    code: 'P12_INVALID' | 'P12_ALGORITHM_UNSUPPORTED' | 'P12_CONTENT_UNEXPECTED';
    message: string;
    oid?: string;
    cause?: unknown;
  }) {
    super({ code: params.code, message: params.message, cause: params.cause });
    this.oid = params.oid;
  }
}
