import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DirectoryKvBackend, PkiStore, defaultStoreDir, type VaultConfig, type VaultConnectionOptions } from '@mtlsctl/vault-store';
import { DEFAULT_VAULT_MOUNT, DEFAULT_VAULT_PREFIX } from '@mtlsctl/vault-store/layout';
import { StoreFlagError, StoreNotFoundError } from './errors/store-errors.js';
import { parseStoreFlag } from './store-selection.js';
import { writeWarning } from './warn.js';

/** The store flags as parsed by oclif (see `storeFlags`). */
export interface StoreFlagValues {
  store?: string | undefined;
  'vault-addr'?: string | undefined;
  'vault-namespace'?: string | undefined;
  'vault-mount': string;
  'vault-prefix': string;
  'ca-key-path': string;
  'ca-passphrase-file'?: string | undefined;
}

/** An opened store and what the user should be told about it. */
export interface OpenedStore {
  store: PkiStore;
  /** Loud warnings to print on stderr (e.g. VAULT_SKIP_VERIFY). */
  warnings: string[];
  kind: 'vault' | 'directory';
  /** VAULT_ADDR, or the directory's absolute path. */
  location: string;
  /** The store named for the user: `directory /abs/path`, or `vault <addr> <mount>/<prefix>`. */
  description: string;
}

/** How a command uses the store. */
export interface OpenStoreOptions {
  /**
   * The store may not exist yet: `ca init` and `ca restore` create it, `doctor` diagnoses it. Others need an
   * existing one (StoreNotFoundError): a directory holding a store, or Vault records under the mount and prefix. Default false.
   */
  allowMissing?: boolean;
  /** A Vault connection the caller already resolved (and logged in with): used instead of resolving it again. */
  connection?: Awaited<ReturnType<typeof vaultConnection>>;
}

/**
 * Opens the store the flags and environment name: Vault (`--store vault`, with Vault's own env vars) or the
 * embedded directory store (`--store dir:<path>` or an existing directory, else $MTLSCTL_HOME, else
 * ~/.local/share/mtlsctl). A store that does not exist (a missing directory; a Vault mount with no records under
 * the prefix, as far as the token may see) is a StoreNotFoundError unless `allowMissing`.
 * The Vault client (node-vault, axios) is loaded only when the Vault store is chosen, so that a directory-store
 * run does not pay for it.
 */
export async function openStore(flags: StoreFlagValues, env: NodeJS.ProcessEnv = process.env, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const storeOptions = { caKeyPath: flags['ca-key-path'] };
  const selection = parseStoreFlag(flags.store);
  if (selection.kind === 'vault') {
    const config = options.connection ?? (await vaultConnection(flags, env));
    const { VaultKvBackend } = await import('@mtlsctl/vault-store');
    const backend = new VaultKvBackend({ ...config, mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    if (!options.allowMissing && (await backend.holdsRecords()) === false) throw missingVaultStore(backend);
    return { store: new PkiStore(backend, storeOptions), warnings: config.warnings, kind: 'vault', location: config.addr, description: backend.description };
  }
  const dir = selection.path === undefined ? defaultStoreDir(env, homedir()) : resolve(selection.path);
  if (selection.mustExist) {
    const kind = fileKind(dir);
    if (kind !== 'directory') throw new StoreFlagError(flags.store ?? '', kind === 'missing' ? 'no such directory (dir:<path> names a store to create)' : 'it is not a directory');
  }
  if (!options.allowMissing) {
    if (fileKind(dir) === 'missing') throw new StoreNotFoundError(dir, 'the directory does not exist');
    if (fileKind(join(dir, 'kv')) !== 'directory') throw new StoreNotFoundError(dir, 'the directory holds no store');
  }
  const backend = new DirectoryKvBackend(dir);
  return { store: new PkiStore(backend, storeOptions), warnings: [], kind: 'directory', location: dir, description: backend.description };
}

/** The Vault store's not-found error: names the mount and prefix, and the commands that create or find it. */
function missingVaultStore(backend: { description: string; mount: string; prefix: string }): StoreNotFoundError {
  const where = [backend.mount === DEFAULT_VAULT_MOUNT ? '' : ` --vault-mount ${backend.mount}`, backend.prefix === DEFAULT_VAULT_PREFIX ? '' : ` --vault-prefix ${backend.prefix}`].join('');
  return new StoreNotFoundError(
    backend.description,
    `mount "${backend.mount}" holds no mtlsctl records under prefix "${backend.prefix}"`,
    `create one with \`mtlsctl vault init${where}\` then \`mtlsctl ca init --store vault${where}\`, or name the right one with --vault-mount/--vault-prefix (MTLSCTL_VAULT_MOUNT, MTLSCTL_VAULT_PREFIX)`,
  );
}

function fileKind(path: string): 'missing' | 'directory' | 'other' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/**
 * Vault's connection settings as the `vault` and `bao` CLIs read them (BAO_* or VAULT_* ADDR, TOKEN or the token
 * file, CACERT or CAPATH, CLIENT_CERT and CLIENT_KEY, CLIENT_TIMEOUT, NAMESPACE, SKIP_VERIFY; BAO_* wins), with
 * --vault-addr and --vault-namespace on top; with AppRole, JWT or Kubernetes auth configured (see
 * `vaultAuthFromEnv`), the token is the one a login gives. Warnings that come up later (a token about to expire in a long run)
 * go to stderr.
 */
export async function vaultConnection(flags: StoreFlagValues, env: NodeJS.ProcessEnv = process.env): Promise<VaultConfig & Pick<VaultConnectionOptions, 'onWarning'>> {
  const vs = await import('@mtlsctl/vault-store');
  const config = await vs.vaultConfigFromEnv(env, homedir());
  const connection = {
    ...config,
    onWarning: writeWarning,
    ...(flags['vault-addr'] ? { addr: flags['vault-addr'], sources: { ...config.sources, addr: '--vault-addr' } } : {}),
    ...(flags['vault-namespace'] ? { namespace: flags['vault-namespace'] } : {}),
  };
  // AppRole, JWT or Kubernetes auth (MTLSCTL_VAULT_AUTH, VAULT_ROLE_ID): log in for a token instead of reading one.
  const auth = await vs.vaultAuthFromEnv(env);
  if (!auth) return connection;
  const login = await vs.loginToVault(connection, auth);
  return { ...connection, token: login.token, sources: { ...connection.sources, token: `${auth.kind} login` } };
}
