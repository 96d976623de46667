import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A key mtlsctl cannot use: an algorithm or size outside the supported key types, an encrypted key,
 * or a key that cannot be exported. The message never contains key material.
 */
export class UnsupportedKeyError extends MtlsctlError {
  /** @param message - what key was found and which are supported */
  constructor(message: string, cause?: unknown) {
    super({ code: 'KEY_UNSUPPORTED', message, cause });
  }
}
