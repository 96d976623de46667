import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { DirectoryKvBackend, PkiStore, defaultStoreDir, type VaultConfig } from '@mtlsctl/vault-store';

/** The store flags as parsed by oclif (see `storeFlags`). */
export interface StoreFlagValues {
  store?: string | undefined;
  'vault-addr'?: string | undefined;
  'vault-namespace'?: string | undefined;
  'vault-mount': string;
  'vault-prefix': string;
  'ca-key-path': string;
}

/** An opened store and what the user should be told about it. */
export interface OpenedStore {
  store: PkiStore;
  /** Loud warnings to print on stderr (e.g. VAULT_SKIP_VERIFY). */
  warnings: string[];
  kind: 'vault' | 'directory';
  /** VAULT_ADDR, or the directory's absolute path. */
  location: string;
}

/**
 * Opens the store the flags and environment name: Vault (`--store vault`, with Vault's own env vars) or the
 * embedded directory store (`--store <dir>`, else $MTLSCTL_HOME, else ~/.local/share/mtlsctl).
 * The Vault client (node-vault, axios) is loaded only when the Vault store is chosen, so that a directory-store
 * run does not pay for it.
 */
export async function openStore(flags: StoreFlagValues, env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  const options = { caKeyPath: flags['ca-key-path'] };
  if (flags.store === 'vault') {
    const config = await vaultConnection(flags, env);
    const { VaultKvBackend } = await import('@mtlsctl/vault-store');
    const backend = new VaultKvBackend({ ...config, mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    return { store: new PkiStore(backend, options), warnings: config.warnings, kind: 'vault', location: config.addr };
  }
  const dir = flags.store && flags.store !== 'dir' ? resolve(flags.store) : defaultStoreDir(env, homedir());
  return { store: new PkiStore(new DirectoryKvBackend(dir), options), warnings: [], kind: 'directory', location: dir };
}

/**
 * Vault's connection settings as the `vault` and `bao` CLIs read them (BAO_* or VAULT_* ADDR, TOKEN or the token
 * file, CACERT, NAMESPACE, SKIP_VERIFY; BAO_* wins), with --vault-addr and --vault-namespace on top.
 */
export async function vaultConnection(flags: StoreFlagValues, env: NodeJS.ProcessEnv = process.env): Promise<VaultConfig> {
  const vs = await import('@mtlsctl/vault-store');
  const config = await vs.vaultConfigFromEnv(env, homedir());
  return {
    ...config,
    ...(flags['vault-addr'] ? { addr: flags['vault-addr'], sources: { ...config.sources, addr: '--vault-addr' } } : {}),
    ...(flags['vault-namespace'] ? { namespace: flags['vault-namespace'] } : {}),
  };
}
