import { readFile as fsReadFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StoreConfigError } from '../errors/store-config-error.js';

/** Where each setting of a {@link VaultConfig} came from, e.g. `{ addr: 'BAO_ADDR', token: '~/.vault-token' }`, for messages. */
export interface VaultConfigSources {
  addr?: string;
  token?: string;
  caCert?: string;
  namespace?: string;
  skipVerify?: string;
}

/** How to reach Vault (or OpenBao), from the environment. Spread it into {@link VaultKvBackend}'s options. */
export interface VaultConfig {
  /** BAO_ADDR or VAULT_ADDR ('' when unset: the caller may still pass --vault-addr). */
  addr: string;
  /** BAO_TOKEN or VAULT_TOKEN, else the token file ('' when none). */
  token: string;
  /** BAO_NAMESPACE or VAULT_NAMESPACE (sent as X-Vault-Namespace). */
  namespace?: string;
  /** The PEM text of the file BAO_CACERT or VAULT_CACERT names, to verify the server's TLS certificate. */
  caCert?: string;
  /** BAO_SKIP_VERIFY or VAULT_SKIP_VERIFY: do not verify the server's TLS certificate. */
  skipVerify?: boolean;
  /** Which variable or file each setting came from. */
  sources: VaultConfigSources;
  /** Things the caller must print loudly (e.g. TLS verification off). */
  warnings: string[];
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * A setting as the `bao` CLI reads it (openbao `api.ReadBaoVariable`): `BAO_<name>` when it is present in the
 * environment (even empty), else `VAULT_<name>`. So BAO_* wins when both are set.
 */
export function readVaultSetting(env: Record<string, string | undefined>, name: string): { value: string; from: string } | undefined {
  for (const variable of [`BAO_${name}`, `VAULT_${name}`]) {
    const value = env[variable];
    if (value !== undefined) return { value: value.trim(), from: variable };
  }
  return undefined;
}

/**
 * Reads the environment as the `vault` and `bao` CLIs do: BAO_ADDR / VAULT_ADDR, BAO_TOKEN / VAULT_TOKEN (else
 * the token file: BAO_TOKEN_PATH / VAULT_TOKEN_PATH, else ~/.bao-token, else ~/.vault-token, which `vault login`
 * and `bao login` write), BAO_CACERT / VAULT_CACERT, BAO_NAMESPACE / VAULT_NAMESPACE, BAO_SKIP_VERIFY /
 * VAULT_SKIP_VERIFY. When both names of a setting are set, the BAO_ one wins (even when empty), exactly as in
 * the bao CLI; the `vault` CLI ignores BAO_* altogether.
 *
 * @param env - the environment (default `process.env`)
 * @param home - the home directory holding `.bao-token` / `.vault-token` (default `os.homedir()`)
 * @param readFile - file reader (default fs.promises.readFile as UTF-8)
 * @throws StoreConfigError when the CA file cannot be read or SKIP_VERIFY is not a boolean, naming the variable
 * @example
 * const backend = new VaultKvBackend({ ...(await vaultConfigFromEnv()), mount: 'secret', prefix: 'pki' });
 */
export async function vaultConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
  readFile: (path: string) => Promise<string> = (p) => fsReadFile(p, 'utf8'),
): Promise<VaultConfig> {
  const warnings: string[] = [];
  const sources: VaultConfigSources = {};
  const addrSetting = readVaultSetting(env, 'ADDR');
  const addr = addrSetting?.value ?? '';
  if (addrSetting) sources.addr = addrSetting.from;
  const tokenSetting = readVaultSetting(env, 'TOKEN');
  let token = tokenSetting?.value ?? '';
  if (tokenSetting && token !== '') sources.token = tokenSetting.from;
  if (token === '') {
    const pathSetting = readVaultSetting(env, 'TOKEN_PATH');
    const candidates = pathSetting?.value ? [{ path: pathSetting.value, from: pathSetting.from }] : [{ path: join(home, '.bao-token'), from: '~/.bao-token' }, { path: join(home, '.vault-token'), from: '~/.vault-token' }];
    for (const candidate of candidates) {
      token = await readTokenFile(candidate.path, readFile);
      if (token !== '') {
        sources.token = candidate.from;
        break;
      }
    }
  }
  const config: VaultConfig = { addr, token, sources, warnings };
  const namespace = readVaultSetting(env, 'NAMESPACE');
  if (namespace && namespace.value !== '') {
    config.namespace = namespace.value;
    sources.namespace = namespace.from;
  }
  const ca = readVaultSetting(env, 'CACERT');
  if (ca && ca.value !== '') {
    sources.caCert = ca.from;
    try {
      config.caCert = await readFile(ca.value);
    } catch (cause) {
      throw new StoreConfigError({ setting: ca.from, message: `${ca.from} names ${ca.value}, which cannot be read: fix the path or unset ${ca.from}.`, cause });
    }
    if (!config.caCert.includes('-----BEGIN CERTIFICATE-----')) {
      throw new StoreConfigError({ setting: ca.from, message: `${ca.from} names ${ca.value}, which holds no PEM certificate: point it at the CA that signed the server's certificate.` });
    }
  }
  const skip = readVaultSetting(env, 'SKIP_VERIFY');
  if (skip && skip.value !== '') {
    if (!TRUE.includes(skip.value) && !FALSE.includes(skip.value)) {
      throw new StoreConfigError({ setting: skip.from, message: `${skip.from} is "${skip.value}", not a boolean: set it to true or false, or unset it.` });
    }
    if (TRUE.includes(skip.value)) {
      config.skipVerify = true;
      sources.skipVerify = skip.from;
      warnings.push(
        `${skip.from} is set: Vault's TLS certificate is NOT verified, so anyone on the network path can impersonate Vault ` +
          `and read the CA key and your token. Set ${skip.from.replace('SKIP_VERIFY', 'CACERT')} to the CA of Vault instead.`,
      );
    }
  }
  if (/^http:\/\//i.test(addr) && !/^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(addr)) {
    warnings.push(`${sources.addr} (${addr}) is plain http to another host: the token and private keys cross the network unencrypted. Use https.`);
  }
  return config;
}

async function readTokenFile(path: string, readFile: (path: string) => Promise<string>): Promise<string> {
  try {
    return (await readFile(path)).trim();
  } catch {
    return '';
  }
}
