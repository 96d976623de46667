import { VaultClient, type VaultConnectionOptions } from './vault-client.js';
import { loginThrough, type VaultAuthMethod, type VaultLogin } from './vault-login-core.js';

export type { VaultAuthMethod, VaultLogin } from './vault-login-core.js';

/**
 * Logs in with an auth method and returns the token (`auth/<mount>/login`), through node-vault. The credentials
 * (secret ID, JWT) are sent once, never retried blindly (a secret ID may be single-use), and never appear in errors.
 *
 * @param connection - where Vault is (addr, CA, client certificate, namespace, timeouts); its token is not used
 * @param method - the method and its credentials
 * @throws PermissionDeniedError when Vault refuses the credentials (naming the method and mount, not the secret);
 *   StoreConfigError when a credential is empty; VaultError otherwise
 * @example
 * const { token } = await loginToVault(config, { kind: 'approle', roleId, secretId });
 */
export function loginToVault(connection: Omit<VaultConnectionOptions, 'token'> & { token?: string }, method: VaultAuthMethod): Promise<VaultLogin> {
  return loginThrough((options) => new VaultClient(options), connection, method);
}
