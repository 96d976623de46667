import { MtlsctlError } from '@mtlsctl/errors';

/**
 * The password does not open the PKCS#12 file: its integrity MAC does not match (or, in a file without a
 * MAC, the password does not decrypt its contents). The password itself is never part of the message.
 */
export class Pkcs12PasswordError extends MtlsctlError {
  /**
   * @param params.detail - what was checked, e.g. `the HMAC-SHA256 integrity check failed`
   */
  constructor(params: { detail: string; cause?: unknown }) {
    super({
      code: 'P12_PASSWORD_WRONG',
      message:
        `wrong PKCS#12 password (or a damaged file): ${params.detail}; ` +
        'use the password stored with the certificate (e.g. the `password` field next to `p12` in Vault), and check ' +
        'that the file was copied whole (`base64 -d` of the Vault field, not the base64 text)',
      cause: params.cause,
    });
  }
}
