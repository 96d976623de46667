import { StoreConfigError } from '../errors/store-config-error.js';
import { trimSlashes } from '../vault-layout.js';
import type { VaultClient } from '../vault/vault-client.js';

/**
 * The accessor of an enabled auth method (`sys/auth`), e.g. `auth_userpass_0a1b2c3d` for `userpass`: what an
 * identity-templated policy names (`{{identity.entity.aliases.<accessor>.name}}`).
 *
 * @param client - a Vault client whose token may read `sys/auth` (a root or bootstrap token)
 * @param mount - the auth method's path, e.g. `userpass`, `ldap`, `oidc`
 * @throws StoreConfigError when no auth method is enabled there (naming the ones that are)
 */
export async function authAccessor(client: VaultClient, mount: string): Promise<{ accessor: string; type: string }> {
  const name = trimSlashes(mount);
  const methods = await client.send({
    method: 'GET',
    path: 'sys/auth',
    idempotent: true,
    capability: 'read',
    policyHint: 'needs read on sys/auth (a root or bootstrap token)',
    parse: (body) => ((body as { data?: Record<string, unknown> }).data ?? body) as Record<string, { accessor?: unknown; type?: unknown }>,
  });
  const method = methods?.[`${name}/`];
  if (!method || typeof method.accessor !== 'string') {
    const enabled = Object.keys(methods ?? {}).filter((k) => k.endsWith('/')).map((k) => k.slice(0, -1));
    throw new StoreConfigError({ setting: '--users-auth', message: `no auth method is enabled at auth/${name}/ (enabled: ${enabled.join(', ') || 'none'}): enable it first, e.g. \`vault auth enable -path=${name} userpass\`` });
  }
  return { accessor: method.accessor, type: String(method.type ?? '') };
}
