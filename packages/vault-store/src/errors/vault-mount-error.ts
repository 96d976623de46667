import { MtlsctlError } from '@mtlsctl/pki-core';

const marker = Symbol.for('mtlsctl.vault-store.VaultMountError');

/** The mount mtlsctl should use holds something else than KV version 2 (KV v1, or another engine). */
export class VaultMountError extends MtlsctlError {
  private readonly [marker] = true;
  readonly mount: string;
  /** What sits there, e.g. `kv version 1`, `pki`. */
  readonly found: string;

  /**
   * @param params.mount - the mount path, e.g. `secret`
   * @param params.found - the engine found there (`nothing`: no engine is mounted there)
   * @param params.fix - how to fix it
   */
  constructor(params: { mount: string; found: string; fix: string }) {
    super({
      code: 'VAULT_MOUNT_MISMATCH',
      kind: 'invalid-state',
      message:
        params.found === 'nothing'
          ? `no KV v2 mount at ${params.mount}/: ${params.fix}`
          : `The Vault mount ${params.mount}/ is ${params.found}, not KV version 2: ${params.fix}`,
    });
    this.mount = params.mount;
    this.found = params.found;
  }

  /** True when `error` is a VaultMountError from any copy of this package. */
  static override isInstance(error: unknown): error is VaultMountError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
