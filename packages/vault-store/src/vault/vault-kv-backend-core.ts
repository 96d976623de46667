import { InventoryWriteError } from '../errors/inventory-write-error.js';
import type { KvBackend, KvData, KvListPage, KvMetadata, KvSecret, KvVersionInfo } from '../kv-backend.js';
import { CasConflictError } from '../errors/cas-conflict-error.js';
import { InvalidKvInputError } from '../errors/invalid-kv-input-error.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { VaultError } from '../errors/vault-error.js';
import { VaultMountError } from '../errors/vault-mount-error.js';
import { byteOrder } from './byte-order.js';
import { policyHintFor } from './policy-hint.js';
import type { VaultClientCore, VaultConnectionOptions, VaultRequest } from './vault-client-core.js';
import { DEFAULT_VAULT_MOUNT, vaultLayout } from '../vault-layout.js';

/** Options of {@link VaultKvBackend}: the connection, plus where the records live. */
export interface VaultKvBackendOptions extends VaultConnectionOptions {
  /** The KV v2 mount (default `secret`). */
  mount?: string;
  /** The folder under the mount (default `pki`; '' for the mount's root). */
  prefix?: string;
  /** Accepted (and ignored) so `vaultConfigFromEnv()`'s result can be spread in. */
  warnings?: string[];
}

type Access = 'data-read' | 'metadata-read' | 'write';

/**
 * KvBackend over Vault KV v2 (`<mount>/data/<prefix>/...`, `metadata/`, `delete/`, `undelete/`, `destroy/`),
 * over any {@link VaultClientCore}: `VaultKvBackend` (node-vault) and `LeanVaultKvBackend` (node:https) are this
 * with their client. Check-and-set writes are retried safely: when an answer is lost, the retry first checks
 * whether the version was written (same data at cas+1) instead of failing or writing twice. LIST is paged
 * client-side (Vault's KV LIST returns every key at once).
 */
export class VaultKvBackendCore<Client extends VaultClientCore = VaultClientCore> implements KvBackend {
  readonly description: string;
  readonly client: Client;
  readonly mount: string;
  readonly prefix: string;
  private mountChecked: Promise<void> | undefined;

  /**
   * @param options - the connection and where the records live
   * @param clientFor - makes the client of the connection
   * @throws StoreConfigError when the address or token is missing or malformed; InvalidPathSegmentError when the mount or prefix is unsafe
   */
  constructor(options: VaultKvBackendOptions, clientFor: (options: VaultConnectionOptions) => Client) {
    const layout = vaultLayout(options);
    this.client = clientFor(options);
    this.mount = layout.mount;
    this.prefix = layout.prefix;
    this.description = `vault ${this.client.addr} ${this.mount}/${this.prefix}`;
  }

  async read(path: string, options: { version?: number } = {}): Promise<KvSecret | undefined> {
    return this.send<KvSecret | undefined>({
      ...this.request('GET', 'data', path, 'read', 'data-read'),
      ...(options.version ? { query: { version: String(options.version) } } : {}),
      notFoundIsUndefined: true,
      parse: (body) => {
        const d = (body as { data?: { data?: unknown; metadata?: Record<string, unknown> } }).data;
        if (!d?.data || !d.metadata) return undefined;
        return {
          data: toStrings(d.data as Record<string, unknown>),
          version: Number(d.metadata['version']),
          createdTime: String(d.metadata['created_time'] ?? ''),
          customMetadata: toStrings((d.metadata['custom_metadata'] ?? {}) as Record<string, unknown>),
        };
      },
    });
  }

  async write(path: string, data: KvData, options: { cas?: number; customMetadata?: Record<string, string> } = {}): Promise<number> {
    const version = await this.writeData(path, data, options.cas);
    if (options.customMetadata) {
      const customMetadata = options.customMetadata;
      await this.writeMetadata(path, { customMetadata }).catch((cause: unknown) => {
        throw new InventoryWriteError({ path, version, cause });
      });
    }
    return version;
  }

  private async writeData(path: string, data: KvData, cas: number | undefined): Promise<number> {
    const request: VaultRequest<number> = {
      ...this.request('POST', 'data', path, cas === 0 ? 'create' : cas === undefined ? 'create or update' : 'update', 'write'),
      body: cas === undefined ? { data } : { data, options: { cas } },
      idempotent: cas !== undefined,
      parse: (body) => Number((body as { data: { version: unknown } }).data.version),
      ...(cas === undefined
        ? {}
        : {
            resolveLostResponse: async () => {
              const written = await this.read(path, { version: cas + 1 });
              return written && sameData(written.data, data) ? written.version : undefined;
            },
          }),
    };
    try {
      return (await this.send(request)) as number;
    } catch (error) {
      throw this.kvError(error, path, cas);
    }
  }

  async readMetadata(path: string): Promise<KvMetadata | undefined> {
    return this.send({
      ...this.request('GET', 'metadata', path, 'read', 'metadata-read'),
      notFoundIsUndefined: true,
      parse: (body) => metadataFrom((body as { data: Record<string, unknown> }).data),
    });
  }

  async writeMetadata(path: string, metadata: { customMetadata?: Record<string, string>; maxVersions?: number; casRequired?: boolean }): Promise<void> {
    const body: Record<string, unknown> = {};
    if (metadata.customMetadata) body['custom_metadata'] = metadata.customMetadata;
    if (metadata.maxVersions !== undefined) body['max_versions'] = metadata.maxVersions;
    if (metadata.casRequired !== undefined) body['cas_required'] = metadata.casRequired;
    try {
      await this.send({ ...this.request('POST', 'metadata', path, 'create or update', 'write'), body, idempotent: true, parse: () => undefined });
    } catch (error) {
      throw this.kvError(error, path, undefined);
    }
  }

  async list(folder: string, options: { after?: string; limit?: number } = {}): Promise<KvListPage> {
    const f = folder.replace(/\/+$/, '');
    const keys =
      (await this.send({
        ...this.request('LIST', 'metadata', f, 'list', 'metadata-read'),
        notFoundIsUndefined: true,
        parse: (body) => ((body as { data?: { keys?: unknown } }).data?.keys as string[] | undefined) ?? [],
      })) ?? [];
    const sorted = [...keys].sort(byteOrder);
    const from = options.after === undefined ? 0 : sorted.findIndex((k) => byteOrder(k, options.after as string) > 0);
    const start = from < 0 ? sorted.length : from;
    const limit = options.limit ?? 1000;
    const page = sorted.slice(start, start + limit);
    return start + limit < sorted.length ? { keys: page, next: page[page.length - 1] as string } : { keys: page };
  }

  /**
   * Whether any record lives under the mount and prefix: a LIST of the prefix (the admin's token may), else a
   * read of `ca` (the verifier's and ESO's may). Undefined when the token may do neither (a user's own token):
   * then nobody can tell, and the command's own reads say what is missing.
   *
   * @throws VaultMountError when nothing (or no KV v2 engine) is mounted there; VaultError
   */
  async holdsRecords(): Promise<boolean | undefined> {
    for (const probe of [async () => (await this.list('', { limit: 1 })).keys.length > 0, async () => (await this.read('ca')) !== undefined]) {
      try {
        return await probe();
      } catch (error) {
        if (!PermissionDeniedError.isInstance(error)) throw error;
      }
    }
    return undefined;
  }

  async delete(path: string, versions?: number[]): Promise<void> {
    const request = versions
      ? { ...this.request('POST', 'delete', path, 'update', 'write'), body: { versions } }
      : this.request('DELETE', 'data', path, 'delete', 'write');
    await this.send({ ...request, idempotent: true, parse: () => undefined });
  }

  async undelete(path: string, versions: number[]): Promise<void> {
    await this.send({ ...this.request('POST', 'undelete', path, 'update', 'write'), body: { versions }, idempotent: true, parse: () => undefined });
  }

  async destroy(path: string, versions: number[]): Promise<void> {
    await this.send({ ...this.request('PUT', 'destroy', path, 'update', 'write'), body: { versions }, idempotent: true, parse: () => undefined });
  }

  async purge(path: string): Promise<void> {
    await this.send({ ...this.request('DELETE', 'metadata', path, 'delete', 'write'), idempotent: true, parse: () => undefined });
  }

  /**
   * Sends a KV request, making sure first (once, before the first write or after the first 404) that the mount
   * is KV v2 — a KV v1 mount would take `data/...` writes as plain secrets — and turning "no handler for route"
   * (nothing mounted there) into a {@link VaultMountError} that says to run `mtlsctl vault init`.
   */
  private async send<T>(request: VaultRequest<T>): Promise<T | undefined> {
    const writes = request.method !== 'GET' && request.method !== 'LIST';
    if (writes) await this.checkMount();
    let result: T | undefined;
    try {
      result = await this.client.send(request);
    } catch (error) {
      if (VaultError.isInstance(error) && error.status === 404 && error.details.some((d) => /no handler for route/i.test(d))) throw this.noMount();
      throw error;
    }
    if (result === undefined && !writes) await this.checkMount();
    return result;
  }

  private noMount(): VaultMountError {
    const init = this.mount === DEFAULT_VAULT_MOUNT ? 'mtlsctl vault init' : `mtlsctl vault init --vault-mount ${this.mount}`;
    return new VaultMountError({ mount: this.mount, found: 'nothing', fix: `run \`${init}\` (or pass the --vault-mount that holds mtlsctl's records)` });
  }

  private checkMount(): Promise<void> {
    return (this.mountChecked ??= this.client
      .send({
        method: 'GET',
        path: `sys/internal/ui/mounts/${this.mount}`,
        idempotent: true,
        capability: 'read',
        policyHint: 'any token with a policy on the mount',
        parse: (body) => ((body as { data?: { type?: unknown; options?: { version?: unknown } | null } }).data ?? {}) as { type?: unknown; options?: { version?: unknown } | null },
      })
      .catch(() => undefined)
      .then((engine) => {
        // No answer (a token without access to the mount is refused here): the request itself will tell.
        if (!engine || engine.type === undefined) return;
        if (engine.type === 'kv' && String(engine.options?.version ?? '1') === '2') return;
        if (engine.type === 'kv' || engine.type === 'generic') {
          throw new VaultMountError({ mount: this.mount, found: 'KV version 1', fix: `upgrade it with \`vault kv enable-versioning ${this.mount}/\` (check its other users first), or pass another --vault-mount` });
        }
        throw new VaultMountError({ mount: this.mount, found: `a "${String(engine.type)}" secrets engine`, fix: 'pass the --vault-mount that holds mtlsctl\'s records' });
      }));
  }

  /** The API path of a store path in one of KV v2's areas, e.g. `secret/data/pki/ca`. */
  apiPath(area: 'data' | 'metadata' | 'delete' | 'undelete' | 'destroy', path: string): string {
    return [this.mount, area, this.prefix, path].filter((s) => s !== '').join('/');
  }

  private request(method: VaultRequest<unknown>['method'], area: Parameters<VaultKvBackendCore['apiPath']>[0], path: string, capability: string, access: Access) {
    return { method, path: this.apiPath(area, path), capability, policyHint: policyHintFor(path, access), idempotent: true };
  }

  private kvError(error: unknown, path: string, cas: number | undefined): unknown {
    if (!VaultError.isInstance(error) || error.status !== 400) return error;
    if (cas !== undefined && error.details.some((d) => d.includes('check-and-set parameter did not match'))) {
      return new CasConflictError({ path, expectedVersion: cas, where: this.description });
    }
    return new InvalidKvInputError({ path, problem: error.details.join('; ') || 'Vault answered 400' });
  }
}

function metadataFrom(d: Record<string, unknown>): KvMetadata {
  const versions: KvVersionInfo[] = Object.entries((d['versions'] ?? {}) as Record<string, Record<string, unknown>>)
    .map(([n, v]) => ({ version: Number(n), createdTime: String(v['created_time'] ?? ''), deletionTime: String(v['deletion_time'] ?? ''), destroyed: v['destroyed'] === true }))
    .sort((a, b) => a.version - b.version);
  return {
    currentVersion: Number(d['current_version'] ?? 0),
    oldestVersion: Number(d['oldest_version'] ?? 0),
    createdTime: String(d['created_time'] ?? ''),
    updatedTime: String(d['updated_time'] ?? ''),
    maxVersions: Number(d['max_versions'] ?? 0),
    casRequired: d['cas_required'] === true,
    customMetadata: toStrings((d['custom_metadata'] ?? {}) as Record<string, unknown>),
    versions,
  };
}

/** KV data as strings (values written by other tools may be numbers or objects). */
function toStrings(map: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function sameData(a: KvData, b: KvData): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
