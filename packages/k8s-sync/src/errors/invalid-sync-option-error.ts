import { MtlsctlError } from '@mtlsctl/errors';

/** A setting of the ESO/HAProxy layout is not usable (a bad Kubernetes name, a bad Vault URL, ...). */
export class InvalidSyncOptionError extends MtlsctlError {
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super({ code: 'SYNC_OPTION_INVALID', message: `${option}: ${reason}` });
  }
}
