import { MtlsctlError } from '@mtlsctl/errors';

/** No passphrase was given for a backup. */
export class PassphraseMissingError extends MtlsctlError {
  constructor() {
    super({
      code: 'PASSPHRASE_MISSING',
      message: 'a backup passphrase is needed: pass --passphrase-file <file> or set MTLSCTL_BACKUP_PASSPHRASE (standard input is not a terminal, so it cannot be asked for)',
    });
  }
}
