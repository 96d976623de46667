import { MtlsctlError } from '@mtlsctl/pki-core/errors';

/** A setting of the ESO/HAProxy layout is not usable (a bad Kubernetes name, a bad Vault URL, ...). */
export class InvalidSyncOptionError extends MtlsctlError {
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super({ code: 'INVALID_SYNC_OPTION', kind: 'invalid-input', message: `${option}: ${reason}.` });
  }
}
