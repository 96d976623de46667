import type { VaultClient } from '../vault/vault-client.js';

/** What `sys/health` says about the server, whatever its state. */
export interface VaultHealth {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  version: string;
  /** `openbao` or `vault` (HashiCorp): Vault's answer carries an `enterprise` field, OpenBao's does not. */
  server: 'openbao' | 'vault';
  clusterName?: string;
}

/**
 * Reads `sys/health` (unauthenticated) asking for 200 in every state, so a sealed, standby or uninitialised server
 * is a result, not an error.
 *
 * @throws VaultError when the server cannot be reached (network, TLS) or answers something else
 */
export async function vaultHealth(client: VaultClient): Promise<VaultHealth> {
  const body = await client.send({
    method: 'GET',
    path: 'sys/health',
    query: { standbyok: 'true', sealedcode: '200', uninitcode: '200', standbycode: '200', perfstandbyok: 'true' },
    idempotent: true,
    capability: 'none (unauthenticated)',
    policyHint: 'sys/health needs no token',
    parse: (b) => b as Record<string, unknown>,
  });
  const h = body ?? {};
  const health: VaultHealth = {
    initialized: h['initialized'] === true,
    sealed: h['sealed'] === true,
    standby: h['standby'] === true,
    version: String(h['version'] ?? ''),
    server: 'enterprise' in h ? 'vault' : 'openbao',
  };
  if (typeof h['cluster_name'] === 'string') health.clusterName = h['cluster_name'];
  return health;
}
