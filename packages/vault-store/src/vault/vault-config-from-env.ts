import { readFile as fsReadFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StoreConfigError } from '../errors/store-config-error.js';

/** How to reach Vault, from the environment. Spread it into {@link VaultKvBackend}'s options. */
export interface VaultConfig {
  /** VAULT_ADDR ('' when unset: the caller may still pass --vault-addr). */
  addr: string;
  /** VAULT_TOKEN, else ~/.vault-token ('' when neither). */
  token: string;
  /** VAULT_NAMESPACE (sent as X-Vault-Namespace). */
  namespace?: string;
  /** The PEM text of VAULT_CACERT, to verify Vault's TLS certificate. */
  caCert?: string;
  /** VAULT_SKIP_VERIFY: do not verify Vault's TLS certificate. */
  skipVerify?: boolean;
  /** Things the caller must print loudly (e.g. TLS verification off). */
  warnings: string[];
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * Reads Vault's own environment conventions, as the `vault` CLI does: VAULT_ADDR, VAULT_TOKEN (else the
 * token `vault login` wrote to ~/.vault-token), VAULT_CACERT, VAULT_NAMESPACE, VAULT_SKIP_VERIFY.
 *
 * @param env - the environment (default `process.env`)
 * @param home - the home directory holding `.vault-token` (default `os.homedir()`)
 * @param readFile - file reader (default fs.promises.readFile as UTF-8)
 * @throws StoreConfigError when VAULT_CACERT cannot be read or VAULT_SKIP_VERIFY is not a boolean
 * @example
 * const backend = new VaultKvBackend({ ...(await vaultConfigFromEnv()), mount: 'secret', prefix: 'pki' });
 */
export async function vaultConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
  readFile: (path: string) => Promise<string> = (p) => fsReadFile(p, 'utf8'),
): Promise<VaultConfig> {
  const warnings: string[] = [];
  const addr = (env['VAULT_ADDR'] ?? '').trim();
  let token = (env['VAULT_TOKEN'] ?? '').trim();
  if (token === '') token = await readTokenFile(join(home, '.vault-token'), readFile);
  const config: VaultConfig = { addr, token, warnings };
  const namespace = (env['VAULT_NAMESPACE'] ?? '').trim();
  if (namespace !== '') config.namespace = namespace;
  const caPath = (env['VAULT_CACERT'] ?? '').trim();
  if (caPath !== '') {
    try {
      config.caCert = await readFile(caPath);
    } catch (cause) {
      throw new StoreConfigError({ setting: 'VAULT_CACERT', message: `VAULT_CACERT names ${caPath}, which cannot be read: fix the path or unset VAULT_CACERT.`, cause });
    }
    if (!config.caCert.includes('-----BEGIN CERTIFICATE-----')) {
      throw new StoreConfigError({ setting: 'VAULT_CACERT', message: `VAULT_CACERT names ${caPath}, which holds no PEM certificate: point it at the CA that signed Vault's certificate.` });
    }
  }
  const skip = (env['VAULT_SKIP_VERIFY'] ?? '').trim();
  if (skip !== '') {
    if (!TRUE.includes(skip) && !FALSE.includes(skip)) {
      throw new StoreConfigError({ setting: 'VAULT_SKIP_VERIFY', message: `VAULT_SKIP_VERIFY is "${skip}", not a boolean: set it to true or false, or unset it.` });
    }
    if (TRUE.includes(skip)) {
      config.skipVerify = true;
      warnings.push(
        "VAULT_SKIP_VERIFY is set: Vault's TLS certificate is NOT verified, so anyone on the network path can impersonate Vault " +
          'and read the CA key and your token. Set VAULT_CACERT to the CA of Vault instead.',
      );
    }
  }
  if (/^http:\/\//i.test(addr) && !/^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(addr)) {
    warnings.push(`VAULT_ADDR (${addr}) is plain http to another host: the token and private keys cross the network unencrypted. Use https.`);
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
