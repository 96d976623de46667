import { StoreConfigError } from '../errors/store-config-error.js';
import { VaultError } from '../errors/vault-error.js';
import { trimSlashes } from '../vault-layout.js';
import type { VaultClientCore, VaultConnectionOptions } from './vault-client-core.js';

/** How to log in to Vault for a token, for automation (cron, the daemon) that has no `vault login`. */
export type VaultAuthMethod =
  /** AppRole: a role ID and a secret ID (`auth/<mount>/login`, mount default `approle`). */
  | { kind: 'approle'; mount?: string; roleId: string; secretId: string }
  /** JWT/OIDC auth with a signed JWT (`auth/<mount>/login`, mount default `jwt`). */
  | { kind: 'jwt'; mount?: string; role: string; jwt: string }
  /** Kubernetes auth with a service account token, checked by the apiserver's TokenReview (mount default `kubernetes`). */
  | { kind: 'kubernetes'; mount?: string; role: string; jwt: string };

/** The token a login gave (a secret: never log it). */
export interface VaultLogin {
  token: string;
  accessor: string;
  policies: string[];
  ttlSeconds: number;
  renewable: boolean;
}

const DEFAULT_MOUNT: Record<VaultAuthMethod['kind'], string> = { approle: 'approle', jwt: 'jwt', kubernetes: 'kubernetes' };

/**
 * Logs in with an auth method through the client `clientFor` makes (`loginToVault`: node-vault;
 * `leanLoginToVault`: node:https) and returns the token (`auth/<mount>/login`). The credentials (secret ID, JWT)
 * are sent once, never retried blindly (a secret ID may be single-use), and never appear in errors.
 *
 * @param clientFor - makes a login client (no token) of the connection
 * @param connection - where Vault is (addr, CA, client certificate, namespace, timeouts); its token is not used
 * @param method - the method and its credentials
 * @throws PermissionDeniedError when Vault refuses the credentials (naming the method and mount, not the secret);
 *   StoreConfigError when a credential is empty; VaultError otherwise
 */
export async function loginThrough(
  clientFor: (options: VaultConnectionOptions) => VaultClientCore,
  connection: Omit<VaultConnectionOptions, 'token'> & { token?: string },
  method: VaultAuthMethod,
): Promise<VaultLogin> {
  const mount = trimSlashes(method.mount ?? DEFAULT_MOUNT[method.kind]);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(mount) || mount.includes('..')) {
    throw new StoreConfigError({ setting: 'VAULT_AUTH_MOUNT', message: `the auth mount "${mount}" is not a path of letters, digits, "_", "." and "-"` });
  }
  const body = method.kind === 'approle' ? { role_id: method.roleId, secret_id: method.secretId } : { role: method.role, jwt: method.jwt };
  for (const [name, value] of Object.entries(body)) {
    if (!value) throw new StoreConfigError({ setting: name, message: `${method.kind} login needs a ${name.replace('_', ' ')}, and it is empty` });
  }
  const client = clientFor({ ...connection, token: '', login: true });
  let auth: Record<string, unknown> | undefined;
  try {
    auth = await client.send({
      method: 'POST',
      path: `auth/${mount}/login`,
      body,
      idempotent: false,
      capability: 'login',
      policyHint: `the ${method.kind} auth method at auth/${mount}/`,
      parse: (b) => ((b as { auth?: Record<string, unknown> }).auth ?? undefined) as Record<string, unknown> | undefined,
    });
  } catch (error) {
    // Vault answers bad credentials with 400 ("invalid role or secret ID") or 403: say which login failed, not the secret.
    if (VaultError.isInstance(error) && (error.status === 400 || error.status === 403)) throw refused(method.kind, mount, error.details);
    throw error;
  }
  if (!auth || typeof auth['client_token'] !== 'string') throw refused(method.kind, mount, ['no token in the answer']);
  return {
    token: auth['client_token'],
    accessor: String(auth['accessor'] ?? ''),
    policies: Array.isArray(auth['token_policies']) ? auth['token_policies'].map(String) : Array.isArray(auth['policies']) ? auth['policies'].map(String) : [],
    ttlSeconds: Number(auth['lease_duration'] ?? 0),
    renewable: auth['renewable'] === true,
  };
}

function refused(kind: string, mount: string, details: string[]): VaultError {
  const why = details.map((d) => d.replace(/\s+/g, ' ').replace(/^1 error occurred: \* /, '').trim()).join('; ').slice(0, 200) || 'no reason given';
  return new VaultError({
    status: 403,
    path: `auth/${mount}/login`,
    method: 'POST',
    details,
    attempts: 1,
    code: 'VAULT_PERMISSION_DENIED',
    isRetryable: false,
    message: `the Vault refused the ${kind} login at auth/${mount}/ (${why}): check the role and its credentials`,
  });
}
