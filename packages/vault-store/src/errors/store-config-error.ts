import { MtlsctlError } from '@mtlsctl/errors';

/**
 * The store cannot be opened as configured: a setting is missing or malformed (e.g. VAULT_ADDR unset,
 * VAULT_CACERT unreadable). The message names the flag or environment variable to fix.
 */
export class StoreConfigError extends MtlsctlError {
  /** The setting at fault, e.g. `VAULT_ADDR`. */
  readonly setting: string;

  /**
   * @param params.setting - the flag or variable at fault
   * @param params.message - what failed, why, and how to fix it
   */
  constructor(params: { setting: string; message: string; cause?: unknown }) {
    super({ code: 'STORE_CONFIG_INVALID', message: params.message, cause: params.cause });
    this.setting = params.setting;
  }
}
