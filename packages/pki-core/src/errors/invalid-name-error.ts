import { MtlsctlError } from '@mtlsctl/errors';

/** A subject distinguished name, username (common name), email address or host name that cannot go into a certificate. */
export class InvalidNameError extends MtlsctlError {
  /** @param message - which name is wrong, why, and what is accepted */
  constructor(message: string, cause?: unknown) {
    super({ code: 'NAME_INVALID', message, cause });
  }
}
