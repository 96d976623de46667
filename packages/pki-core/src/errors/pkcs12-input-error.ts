import { MtlsctlError } from '@mtlsctl/errors';

/** Why {@link Pkcs12InputError} was thrown. */
export type Pkcs12InputErrorCode = 'P12_PASSWORD_EMPTY' | 'P12_PARAMETER_INVALID' | 'P12_KEY_CERTIFICATE_MISMATCH';

/**
 * The caller's input to `buildPkcs12` (or the KDF) cannot make a PKCS#12 file: an empty password, a bad
 * iteration count or profile, or a private key that does not belong to the certificate. (Malformed PEM and
 * unusable keys raise pki-core's PEM and key errors.) Secrets never appear in the message.
 */
export class Pkcs12InputError extends MtlsctlError {
  /**
   * @param params.code - which input is wrong
   * @param params.message - what failed, why, and how to fix it
   */
  constructor(params: { code: Pkcs12InputErrorCode; message: string; cause?: unknown }) {
    super({ code: params.code, message: params.message, cause: params.cause });
  }
}
