import { LeanVaultClient } from './lean-vault-client.js';
import type { VaultConnectionOptions } from './vault-client-core.js';
import { loginThrough, type VaultAuthMethod, type VaultLogin } from './vault-login-core.js';

/**
 * `loginToVault` through {@link LeanVaultClient} (node:https, no node-vault): the daemon's Kubernetes auth login.
 * Same request, result and errors.
 *
 * @param connection - where Vault is (addr, CA, client certificate, namespace, timeouts); its token is not used
 * @param method - the method and its credentials
 * @throws PermissionDeniedError / VaultError (403) when Vault refuses the credentials; StoreConfigError when a credential is empty; VaultError otherwise
 * @example
 * const { token, ttlSeconds } = await leanLoginToVault({ addr, caCert }, { kind: 'kubernetes', role: 'mtlsctl-verifier', jwt });
 */
export function leanLoginToVault(connection: Omit<VaultConnectionOptions, 'token'> & { token?: string }, method: VaultAuthMethod): Promise<VaultLogin> {
  return loginThrough((options) => new LeanVaultClient(options), connection, method);
}
