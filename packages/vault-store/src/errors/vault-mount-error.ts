import { MtlsctlError } from '@mtlsctl/errors';

/** The mount mtlsctl should use holds something else than KV version 2 (KV v1, or another engine). */
export class VaultMountError extends MtlsctlError {
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
      message:
        params.found === 'nothing'
          ? `no KV v2 mount at ${params.mount}/: ${params.fix}`
          : `the Vault mount ${params.mount}/ is ${params.found}, not KV version 2: ${params.fix}`,
    });
    this.mount = params.mount;
    this.found = params.found;
  }
}
