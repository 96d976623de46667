import { MtlsctlError } from '../errors/mtlsctl-error.js';

/** Why {@link Pkcs12InputError} was thrown. */
export type Pkcs12InputErrorCode =
  | 'P12_EMPTY_PASSWORD'
  | 'P12_BAD_PARAMETER'
  | 'P12_BAD_CERTIFICATE'
  | 'P12_BAD_PRIVATE_KEY'
  | 'P12_KEY_NOT_EXTRACTABLE'
  | 'P12_KEY_CERTIFICATE_MISMATCH';

/**
 * The caller's input to {@link buildPkcs12} (or the KDF) cannot make a PKCS#12 file: an empty password, a bad
 * iteration count, a malformed certificate or private key, a non-extractable key, or a key that does not belong
 * to the certificate. Secrets never appear in the message.
 */
export class Pkcs12InputError extends MtlsctlError {
  /**
   * @param params.code - which input is wrong
   * @param params.message - what failed, why, and how to fix it
   */
  constructor(params: { code: Pkcs12InputErrorCode; message: string; cause?: unknown }) {
    super({ code: params.code, kind: 'invalid-input', message: params.message, cause: params.cause });
  }
}
