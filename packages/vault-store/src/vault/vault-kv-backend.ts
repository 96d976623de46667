import { VaultClient } from './vault-client.js';
import { VaultKvBackendCore, type VaultKvBackendOptions } from './vault-kv-backend-core.js';

export type { VaultKvBackendOptions } from './vault-kv-backend-core.js';

/**
 * KvBackend over Vault KV v2 through node-vault ({@link VaultClient}): the CLI's. See {@link VaultKvBackendCore}
 * for the semantics (check-and-set retried safely, LIST paged client-side).
 *
 * @example
 * const backend = new VaultKvBackend({ ...(await vaultConfigFromEnv()), mount: 'secret', prefix: 'pki' });
 * const store = new PkiStore(backend);
 */
export class VaultKvBackend extends VaultKvBackendCore<VaultClient> {
  /** @throws StoreConfigError when the address or token is missing or malformed; InvalidPathSegmentError when the mount or prefix is unsafe */
  constructor(options: VaultKvBackendOptions) {
    super(options, (connection) => new VaultClient(connection));
  }
}
