import { randomBytes } from 'node:crypto';

/** A real Vault to run the contract against, when MTLSCTL_TEST_VAULT_ADDR and MTLSCTL_TEST_VAULT_TOKEN are set. */
export interface RealVault {
  addr: string;
  token: string;
  mount: string;
  caCert?: string;
}

/**
 * The real Vault the environment names, or undefined. Optional: MTLSCTL_TEST_VAULT_MOUNT (default `secret`,
 * must be KV v2), MTLSCTL_TEST_VAULT_CACERT (PEM text). Tests use a fresh random prefix and purge it after.
 */
export function realVaultFromEnv(env: Record<string, string | undefined> = process.env): RealVault | undefined {
  const addr = env['MTLSCTL_TEST_VAULT_ADDR'];
  const token = env['MTLSCTL_TEST_VAULT_TOKEN'];
  if (!addr || !token) return undefined;
  const caCert = env['MTLSCTL_TEST_VAULT_CACERT'];
  return { addr, token, mount: env['MTLSCTL_TEST_VAULT_MOUNT'] ?? 'secret', ...(caCert ? { caCert } : {}) };
}

/** A prefix no other run uses. */
export function uniquePrefix(): string {
  return `mtlsctl-test-${randomBytes(5).toString('hex')}`;
}
