import { readFile as fsReadFile, readdir as fsReaddir } from 'node:fs/promises';
import { pemText } from '@mtlsctl/pki-core/pem';
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
  clientCert?: string;
  clientKey?: string;
  requestTimeoutMs?: string;
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
  /** The PEM text of BAO_CLIENT_CERT / VAULT_CLIENT_CERT, for TLS client authentication. */
  clientCert?: string;
  /** The PEM text of BAO_CLIENT_KEY / VAULT_CLIENT_KEY. */
  clientKey?: string;
  /** BAO_CLIENT_TIMEOUT / VAULT_CLIENT_TIMEOUT (seconds, or a duration such as `30s`, `2m`), per request. */
  requestTimeoutMs?: number;
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
 * Also BAO_CACERT's directory twin BAO_CAPATH / VAULT_CAPATH (every file in it holds PEM CA certificates; the CA
 * file wins when both are set, as in Vault), BAO_CLIENT_CERT + BAO_CLIENT_KEY / VAULT_CLIENT_CERT +
 * VAULT_CLIENT_KEY (TLS client authentication: both or neither) and BAO_CLIENT_TIMEOUT / VAULT_CLIENT_TIMEOUT.
 *
 * @param readFile - file reader (default fs.promises.readFile as UTF-8)
 * @param readDir - directory lister for the CA path (default fs.promises.readdir)
 * @throws StoreConfigError when the CA file cannot be read or SKIP_VERIFY is not a boolean, naming the variable
 * @example
 * const backend = new VaultKvBackend({ ...(await vaultConfigFromEnv()), mount: 'secret', prefix: 'pki' });
 */
export async function vaultConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
  readFile: (path: string) => Promise<string> = (p) => fsReadFile(p, 'utf8'),
  readDir: (path: string) => Promise<string[]> = (p) => fsReaddir(p),
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
      throw new StoreConfigError({ setting: ca.from, message: `${ca.from} names ${ca.value}, which cannot be read: fix the path or unset ${ca.from}`, cause });
    }
    if (!config.caCert.includes('-----BEGIN CERTIFICATE-----')) {
      throw new StoreConfigError({ setting: ca.from, message: `${ca.from} names ${ca.value}, which holds no PEM certificate: point it at the CA that signed the server's certificate` });
    }
  }
  const caPath = readVaultSetting(env, 'CAPATH');
  if (caPath && caPath.value !== '' && config.caCert === undefined) {
    sources.caCert = caPath.from;
    config.caCert = await readCaPath(caPath.value, caPath.from, readFile, readDir);
  }
  const cert = readVaultSetting(env, 'CLIENT_CERT');
  const key = readVaultSetting(env, 'CLIENT_KEY');
  if (Boolean(cert?.value) !== Boolean(key?.value)) {
    const has = cert?.value ? cert.from : (key?.from ?? 'VAULT_CLIENT_KEY');
    const lacks = cert?.value ? has.replace('CERT', 'KEY') : has.replace('KEY', 'CERT');
    throw new StoreConfigError({ setting: lacks, message: `${has} is set but ${lacks} is not: TLS client authentication needs both (the certificate and its private key, PEM files)` });
  }
  if (cert?.value && key?.value) {
    config.clientCert = await readPemFile(cert.value, cert.from, 'CERTIFICATE', readFile);
    config.clientKey = await readPemFile(key.value, key.from, 'PRIVATE KEY', readFile);
    sources.clientCert = cert.from;
    sources.clientKey = key.from;
  }
  const timeout = readVaultSetting(env, 'CLIENT_TIMEOUT');
  if (timeout && timeout.value !== '') {
    const seconds = parseClientTimeout(timeout.value);
    if (seconds === undefined) {
      throw new StoreConfigError({ setting: timeout.from, message: `${timeout.from} is "${timeout.value}", not a timeout: use seconds (30) or a duration (30s, 2m, 1h)` });
    }
    config.requestTimeoutMs = seconds * 1000;
    sources.requestTimeoutMs = timeout.from;
  }
  const skip = readVaultSetting(env, 'SKIP_VERIFY');
  if (skip && skip.value !== '') {
    if (!TRUE.includes(skip.value) && !FALSE.includes(skip.value)) {
      throw new StoreConfigError({ setting: skip.from, message: `${skip.from} is "${skip.value}", not a boolean: set it to true or false, or unset it` });
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

/** Vault's duration: a bare number is seconds; else Go-style units (`1m30s`, `500ms`, `2h`). Undefined when malformed or not positive. */
export function parseClientTimeout(value: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) > 0 ? Number(value) : undefined;
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) return undefined;
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] as number), 0);
  return seconds > 0 ? seconds : undefined;
}

/** Every file of a CA directory, as Vault reads VAULT_CAPATH: each must hold PEM certificates. */
async function readCaPath(dir: string, from: string, readFile: (path: string) => Promise<string>, readDir: (path: string) => Promise<string[]>): Promise<string> {
  let names: string[];
  try {
    names = (await readDir(dir)).sort();
  } catch (cause) {
    throw new StoreConfigError({ setting: from, message: `${from} names ${dir}, which cannot be read as a directory: fix the path or unset ${from}`, cause });
  }
  const pems: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      text = await readFile(path);
    } catch (cause) {
      // A subdirectory: Vault walks into it; we read only the top level, as c_rehash directories are flat.
      if ((cause as NodeJS.ErrnoException).code === 'EISDIR') continue;
      throw new StoreConfigError({ setting: from, message: `${from}: ${path} cannot be read: fix it or unset ${from}`, cause });
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) {
      throw new StoreConfigError({ setting: from, message: `${from}: ${path} holds no PEM certificate (every file in ${dir} must): remove it or point ${from} elsewhere` });
    }
    pems.push(pemText(text));
  }
  if (pems.length === 0) throw new StoreConfigError({ setting: from, message: `${from} names ${dir}, which holds no certificate: point it at a directory of PEM CA certificates` });
  return pems.join('');
}

async function readPemFile(path: string, from: string, label: 'CERTIFICATE' | 'PRIVATE KEY', readFile: (path: string) => Promise<string>): Promise<string> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (cause) {
    throw new StoreConfigError({ setting: from, message: `${from} names ${path}, which cannot be read: fix the path or unset ${from}`, cause });
  }
  if (!new RegExp(`-----BEGIN ([A-Z]+ )?${label}-----`).test(text)) {
    throw new StoreConfigError({ setting: from, message: `${from} names ${path}, which holds no PEM ${label.toLowerCase()}` });
  }
  return text;
}

async function readTokenFile(path: string, readFile: (path: string) => Promise<string>): Promise<string> {
  try {
    return (await readFile(path)).trim();
  } catch {
    return '';
  }
}
