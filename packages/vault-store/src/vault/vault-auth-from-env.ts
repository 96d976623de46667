import { open } from 'node:fs/promises';
import { StoreConfigError } from '../errors/store-config-error.js';
import { readVaultSetting } from './vault-config-from-env.js';
import type { VaultAuthMethod } from './vault-login.js';

/** The service account token a pod gets, which Kubernetes auth logs in with by default. */
export const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The longest credential file read (a JWT is a few KiB). */
const MAX_CREDENTIAL_BYTES = 64 * 1024;

/**
 * How to log in, from the environment, for automation without `vault login` (the daily `crl update`, the daemon):
 *
 * - `MTLSCTL_VAULT_AUTH` = `token` (default), `approle`, `jwt` or `kubernetes`; without it, AppRole when
 *   `VAULT_ROLE_ID` (or `BAO_ROLE_ID`) is set.
 * - AppRole: `VAULT_ROLE_ID`, and the secret ID from the file `VAULT_SECRET_ID_FILE` (or, less safely, `VAULT_SECRET_ID`).
 * - JWT: `MTLSCTL_VAULT_AUTH_ROLE` and the JWT in the file `MTLSCTL_VAULT_JWT_FILE`.
 * - Kubernetes: `MTLSCTL_VAULT_AUTH_ROLE` and the service account token (`MTLSCTL_VAULT_JWT_FILE`, default
 *   /var/run/secrets/kubernetes.io/serviceaccount/token).
 * - `MTLSCTL_VAULT_AUTH_MOUNT`: where the method is mounted (default `approle`, `jwt`, `kubernetes`).
 *
 * @returns the method with its credentials, or undefined for token auth (VAULT_TOKEN, the token file)
 * @throws StoreConfigError naming the variable that is missing, unreadable or unknown
 */
export async function vaultAuthFromEnv(
  env: Record<string, string | undefined> = process.env,
  readFile: (path: string) => Promise<string> = readCredentialFile,
): Promise<VaultAuthMethod | undefined> {
  const roleId = readVaultSetting(env, 'ROLE_ID');
  const chosen = env['MTLSCTL_VAULT_AUTH']?.trim() || (roleId?.value ? 'approle' : 'token');
  const mount = env['MTLSCTL_VAULT_AUTH_MOUNT']?.trim() || undefined;
  const withMount = mount ? { mount } : {};
  const file = async (variable: string, path: string | undefined, what: string): Promise<string> => {
    if (!path) throw new StoreConfigError({ setting: variable, message: `${chosen} login needs ${what}: set ${variable}` });
    let text: string;
    try {
      text = (await readFile(path)).trim();
    } catch (cause) {
      throw new StoreConfigError({ setting: variable, message: `${variable} names ${path}, which cannot be read: fix the path or unset ${variable}`, cause });
    }
    if (text === '') throw new StoreConfigError({ setting: variable, message: `${variable} names ${path}, which is empty` });
    return text;
  };
  const role = () => {
    const value = env['MTLSCTL_VAULT_AUTH_ROLE']?.trim();
    if (!value) throw new StoreConfigError({ setting: 'MTLSCTL_VAULT_AUTH_ROLE', message: `${chosen} login needs the role to log in as: set MTLSCTL_VAULT_AUTH_ROLE` });
    return value;
  };
  switch (chosen) {
    case 'token':
      return undefined;
    case 'approle': {
      if (!roleId?.value) throw new StoreConfigError({ setting: 'VAULT_ROLE_ID', message: 'AppRole login needs the role ID: set VAULT_ROLE_ID (`vault read auth/approle/role/<role>/role-id`)' });
      const secretFile = readVaultSetting(env, 'SECRET_ID_FILE');
      const secretId = secretFile?.value ? await file(secretFile.from, secretFile.value, 'a secret ID') : readVaultSetting(env, 'SECRET_ID')?.value;
      if (!secretId) throw new StoreConfigError({ setting: 'VAULT_SECRET_ID_FILE', message: 'AppRole login needs a secret ID: set VAULT_SECRET_ID_FILE to a file holding it (`vault write -f auth/approle/role/<role>/secret-id`)' });
      return { kind: 'approle', ...withMount, roleId: roleId.value, secretId };
    }
    case 'jwt':
      return { kind: 'jwt', ...withMount, role: role(), jwt: await file('MTLSCTL_VAULT_JWT_FILE', env['MTLSCTL_VAULT_JWT_FILE']?.trim(), 'a JWT') };
    case 'kubernetes':
      return { kind: 'kubernetes', ...withMount, role: role(), jwt: await file('MTLSCTL_VAULT_JWT_FILE', env['MTLSCTL_VAULT_JWT_FILE']?.trim() || SERVICE_ACCOUNT_TOKEN_FILE, 'the service account token') };
    default:
      throw new StoreConfigError({ setting: 'MTLSCTL_VAULT_AUTH', message: `MTLSCTL_VAULT_AUTH is "${chosen}": use token, approle, jwt or kubernetes` });
  }
}

/** Reads a credential file, refusing one larger than 64 KiB (a device or a wrong file). */
async function readCredentialFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_CREDENTIAL_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_CREDENTIAL_BYTES) throw new Error(`larger than ${MAX_CREDENTIAL_BYTES} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
