import { LeanVaultClient } from './lean-vault-client.js';
import { VaultKvBackendCore, type VaultKvBackendOptions } from './vault-kv-backend-core.js';

/**
 * KvBackend over Vault KV v2 through {@link LeanVaultClient} (node:https, one keep-alive pool, no node-vault):
 * the daemon's. The same requests, results and errors as `VaultKvBackend` ({@link VaultKvBackendCore}).
 *
 * @example
 * const store = new PkiStore(new LeanVaultKvBackend({ addr, token, caCert, mount: 'secret', prefix: 'pki' }));
 */
export class LeanVaultKvBackend extends VaultKvBackendCore<LeanVaultClient> {
  /** @throws StoreConfigError when the address or token is missing or malformed; InvalidPathSegmentError when the mount or prefix is unsafe */
  constructor(options: VaultKvBackendOptions) {
    super(options, (connection) => new LeanVaultClient(connection));
  }
}
