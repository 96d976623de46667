import { MtlsctlError } from '../errors/mtlsctl-error.js';

/**
 * The bytes are not a PKCS#12 file mtlsctl can read: not DER, not a PFX, or protected with an algorithm it does
 * not support (the message names the algorithm and its OID). Codes:
 * - `P12_NOT_PKCS12`: the input does not decode as a PKCS#12 PFX structure.
 * - `P12_UNSUPPORTED_ALGORITHM`: an encryption, KDF or MAC algorithm mtlsctl cannot use; `oid` says which.
 * - `P12_UNEXPECTED_CONTENT`: a well-formed file whose contents mtlsctl cannot use (no key, several keys,
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
    code: 'P12_NOT_PKCS12' | 'P12_UNSUPPORTED_ALGORITHM' | 'P12_UNEXPECTED_CONTENT';
    message: string;
    oid?: string;
    cause?: unknown;
  }) {
    super({ code: params.code, kind: 'invalid-input', message: params.message, cause: params.cause });
    this.oid = params.oid;
  }
}
