import { MtlsctlError } from '@mtlsctl/errors';

/** A secret was needed and there is no terminal to ask on. */
export class SecretNeededError extends MtlsctlError {
  constructor(what: string, flag: string) {
    super({ code: 'SECRET_NEEDED', message: `${what} is needed: pass ${flag} <file> (standard input is not a terminal, so it cannot be asked for)` });
  }
}
