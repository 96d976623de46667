import { MtlsctlError } from '@mtlsctl/errors';

/** A validity period that cannot be: non-positive days, a notAfter before notBefore, an invalid Date. */
export class InvalidValidityError extends MtlsctlError {
  /** @param message - which value is wrong and what is accepted */
  constructor(message: string) {
    super({ code: 'VALIDITY_INVALID', message });
  }
}
