import { randomUUID } from 'node:crypto';
import { KvV2Engine } from './kv-v2-engine.js';
import { badRequest } from './vault-http-error.js';

/** One entry of `sys/mounts`. */
export interface MountEntry {
  /** With its trailing slash, e.g. `secret/`. */
  path: string;
  type: string;
  description: string;
  options: Record<string, string> | null;
  accessor: string;
  uuid: string;
  /** Set for `kv` mounts of version 2. */
  kv?: KvV2Engine;
}

const RESERVED = ['sys/', 'auth/', 'cubbyhole/', 'identity/'];

/** The secrets engines mounted in the emulator (`sys/mounts`). */
export class MountTable {
  private readonly mounts = new Map<string, MountEntry>();

  /**
   * @param now - the clock handed to KV engines
   * @param devMounts - start like `vault server -dev`: `secret/` is KV v2 (default true)
   */
  constructor(
    private readonly now: () => Date,
    devMounts: boolean,
  ) {
    this.add('cubbyhole/', 'cubbyhole', 'per-token private secret storage', null);
    this.add('identity/', 'identity', 'identity store', null);
    this.add('sys/', 'system', 'system endpoints used for control, policy and debugging', null);
    if (devMounts) this.add('secret/', 'kv', 'key/value secret storage', { version: '2' });
  }

  /** Every mount, keyed by path, in Vault's JSON shape. */
  describeAll(): Record<string, unknown> {
    return Object.fromEntries([...this.mounts.values()].map((m) => [m.path, describe(m)]));
  }

  /** One mount in Vault's JSON shape, or 400 as Vault answers for an unknown mount. */
  describe(path: string): unknown {
    const mount = this.mounts.get(withSlash(path));
    if (!mount) throw badRequest(`No secret engine mount at ${withSlash(path)}`);
    return describe(mount);
  }

  /** `POST sys/mounts/:path`: enables an engine (400 when the path is in use or reserved). */
  enable(path: string, body: Record<string, unknown>): void {
    const key = withSlash(path);
    const type = typeof body['type'] === 'string' ? body['type'] : '';
    if (type === '') throw badRequest('backend type must be specified as a string');
    if (RESERVED.some((r) => key.startsWith(r))) throw badRequest(`cannot mount under reserved path: "${key}"`);
    for (const existing of this.mounts.keys()) {
      if (existing.startsWith(key) || key.startsWith(existing)) throw badRequest(`path is already in use at ${existing}`);
    }
    const options = normalizeOptions(type, body['options']);
    this.add(key, type, typeof body['description'] === 'string' ? body['description'] : '', options);
  }

  /** `DELETE sys/mounts/:path`. */
  disable(path: string): void {
    this.mounts.delete(withSlash(path));
  }

  /** `POST sys/mounts/:path/tune` with `options.version = "2"` upgrades a KV v1 mount, as Vault does. */
  tune(path: string, body: Record<string, unknown>): void {
    const mount = this.mounts.get(withSlash(path));
    if (!mount) throw badRequest(`cannot tune '${withSlash(path)}'`);
    const version = (body['options'] as Record<string, unknown> | undefined)?.['version'];
    if (mount.type === 'kv' && version !== undefined) {
      if (String(version) === '1' && mount.options?.['version'] === '2') throw badRequest('cannot downgrade mount from KV version 2');
      mount.options = { ...(mount.options ?? {}), version: String(version) };
      if (String(version) === '2' && !mount.kv) mount.kv = new KvV2Engine(this.now);
    }
    if (typeof body['description'] === 'string') mount.description = body['description'];
  }

  /** The mount a request path falls under (longest match) and the rest of the path. */
  resolve(path: string): { mount: MountEntry; rest: string } | undefined {
    let best: MountEntry | undefined;
    for (const m of this.mounts.values()) {
      if ((path + '/').startsWith(m.path) && (!best || m.path.length > best.path.length)) best = m;
    }
    return best ? { mount: best, rest: path.slice(best.path.length) } : undefined;
  }

  private add(path: string, type: string, description: string, options: Record<string, string> | null): void {
    const entry: MountEntry = { path, type, description, options, accessor: `${type}_${randomUUID().slice(0, 8)}`, uuid: randomUUID() };
    if (type === 'kv' && options?.['version'] === '2') entry.kv = new KvV2Engine(this.now);
    this.mounts.set(path, entry);
  }
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function normalizeOptions(_type: string, raw: unknown): Record<string, string> | null {
  const options = raw && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)])) : {};
  return Object.keys(options).length === 0 ? null : options;
}

function describe(m: MountEntry): unknown {
  return {
    accessor: m.accessor,
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    description: m.description,
    external_entropy_access: false,
    local: false,
    options: m.options,
    plugin_version: '',
    running_plugin_version: '',
    seal_wrap: false,
    type: m.type,
    uuid: m.uuid,
  };
}
