import { MtlsctlError } from '@mtlsctl/pki-core';

const marker = Symbol.for('mtlsctl.vault-store.StoreConfigError');

/**
 * The store cannot be opened as configured: a setting is missing or malformed (e.g. VAULT_ADDR unset,
 * VAULT_CACERT unreadable). The message names the flag or environment variable to fix.
 */
export class StoreConfigError extends MtlsctlError {
  private readonly [marker] = true;
  /** The setting at fault, e.g. `VAULT_ADDR`. */
  readonly setting: string;

  /**
   * @param params.setting - the flag or variable at fault
   * @param params.message - what failed, why, and how to fix it
   */
  constructor(params: { setting: string; message: string; cause?: unknown }) {
    super({ code: 'STORE_CONFIG', kind: 'invalid-input', message: params.message, cause: params.cause });
    this.setting = params.setting;
  }

  /** True when `error` is a StoreConfigError from any copy of this package. */
  static override isInstance(error: unknown): error is StoreConfigError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
