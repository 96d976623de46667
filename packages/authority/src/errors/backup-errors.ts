import { type ErrorCode, MtlsctlError } from '@mtlsctl/errors';

/** A backup could not be decrypted or read. */
export class BackupError extends MtlsctlError {
  constructor(message: string, code: ErrorCode = 'BACKUP_INVALID') {
    super({ code, message });
  }
}

/** Restore was asked into a store that already holds data. */
export class StoreNotEmptyError extends MtlsctlError {
  constructor(description: string) {
    super({
      code: 'STORE_NOT_EMPTY',
      message: `the store ${description} is not empty: restore only writes into an empty store unless --force is given`,
    });
  }
}
