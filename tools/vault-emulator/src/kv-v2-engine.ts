import { VaultHttpError, badRequest } from './vault-http-error.js';

interface VersionEntry {
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
  data: Record<string, unknown> | undefined;
}

interface KeyMetadata {
  currentVersion: number;
  oldestVersion: number;
  createdTime: string;
  updatedTime: string;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfter: string;
  customMetadata: Record<string, string>;
  versions: Map<number, VersionEntry>;
}

const DEFAULT_MAX_VERSIONS = 10;
const CAS_MISMATCH = 'check-and-set parameter did not match the current version';

/**
 * One KV version 2 mount, written from the KV v2 API documentation and the plugin's observable behaviour:
 * versions, check-and-set, soft delete / undelete / destroy, key metadata with `custom_metadata`,
 * `max_versions` (mount default 10) and `cas_required`. Answers are the `data` objects of Vault's responses.
 */
export class KvV2Engine {
  private readonly keys = new Map<string, KeyMetadata>();
  private config = { maxVersions: 0, casRequired: false, deleteVersionAfter: '0s' };

  /** @param now - the clock (RFC 3339 times in answers) */
  constructor(private readonly now: () => Date) {}

  /** Whether the key has metadata: Vault's existence check, deciding `create` versus `update`. */
  exists(key: string): boolean {
    return this.keys.has(key);
  }

  /** `GET data/:path?version=`: `{data, metadata}`; 404 with the metadata for a deleted or destroyed version. */
  read(key: string, version?: number): { status: number; data: unknown } {
    const meta = this.keys.get(key);
    const number = version && version > 0 ? version : meta?.currentVersion;
    const entry = number === undefined ? undefined : meta?.versions.get(number);
    if (!meta || number === undefined || !entry) throw new VaultHttpError(404, []);
    const metadata = {
      created_time: entry.createdTime,
      custom_metadata: nullable(meta.customMetadata),
      deletion_time: entry.deletionTime,
      destroyed: entry.destroyed,
      version: number,
    };
    const gone = entry.destroyed || (entry.deletionTime !== '' && Date.parse(entry.deletionTime) <= this.now().getTime());
    return { status: gone ? 404 : 200, data: { data: gone ? null : entry.data, metadata } };
  }

  /** `POST data/:path` with `{data, options: {cas}}`: a new version, or 400 on a check-and-set mismatch. */
  write(key: string, body: Record<string, unknown>): unknown {
    const data = body['data'];
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw badRequest('no data provided');
    const options = (body['options'] ?? {}) as Record<string, unknown>;
    const meta = this.keys.get(key) ?? this.emptyMetadata();
    if ('cas' in options) {
      const cas = Number(options['cas']);
      if (!Number.isInteger(cas)) throw badRequest('error parsing check-and-set parameter');
      if (cas !== meta.currentVersion) throw badRequest(CAS_MISMATCH);
    } else if (this.config.casRequired || meta.casRequired) {
      throw badRequest('check-and-set parameter required for this call');
    }
    const createdTime = this.now().toISOString();
    meta.currentVersion++;
    meta.versions.set(meta.currentVersion, { createdTime, deletionTime: '', destroyed: false, data: structuredClone(data as Record<string, unknown>) });
    meta.updatedTime = createdTime;
    if (!this.keys.has(key)) meta.createdTime = createdTime;
    const max = Math.max(meta.maxVersions, this.config.maxVersions) || DEFAULT_MAX_VERSIONS;
    if (meta.currentVersion - meta.oldestVersion >= max) {
      const lastToDelete = meta.currentVersion - max;
      for (let v = meta.oldestVersion; v <= lastToDelete; v++) meta.versions.delete(v);
      meta.oldestVersion = lastToDelete + 1;
    }
    this.keys.set(key, meta);
    return {
      created_time: createdTime,
      custom_metadata: nullable(meta.customMetadata),
      deletion_time: '',
      destroyed: false,
      version: meta.currentVersion,
    };
  }

  /** `DELETE data/:path`: soft-deletes the latest version (no-op when missing or already deleted). */
  deleteLatest(key: string): void {
    const meta = this.keys.get(key);
    const latest = meta?.versions.get(meta.currentVersion);
    if (!latest || latest.destroyed || latest.deletionTime !== '') return;
    latest.deletionTime = this.now().toISOString();
  }

  /** `POST delete/:path`, `undelete/:path`, `destroy/:path` with `{versions: [...]}`. */
  changeVersions(action: 'delete' | 'undelete' | 'destroy', key: string, body: Record<string, unknown>): void {
    const versions = body['versions'];
    if (!Array.isArray(versions) || versions.length === 0) throw badRequest('no version number provided');
    const meta = this.keys.get(key);
    if (!meta) return;
    for (const raw of versions) {
      const entry = meta.versions.get(Number(raw));
      if (!entry || entry.destroyed) continue;
      if (action === 'delete' && entry.deletionTime === '') entry.deletionTime = this.now().toISOString();
      if (action === 'undelete') entry.deletionTime = '';
      if (action === 'destroy') {
        entry.destroyed = true;
        entry.data = undefined;
      }
    }
  }

  /** `GET metadata/:path`. */
  readMetadata(key: string): unknown {
    const meta = this.keys.get(key);
    if (!meta) throw new VaultHttpError(404, []);
    const versions: Record<string, unknown> = {};
    for (const [n, v] of meta.versions) versions[String(n)] = { created_time: v.createdTime, deletion_time: v.deletionTime, destroyed: v.destroyed };
    return {
      cas_required: meta.casRequired,
      created_time: meta.createdTime,
      current_version: meta.currentVersion,
      custom_metadata: nullable(meta.customMetadata),
      delete_version_after: meta.deleteVersionAfter,
      max_versions: meta.maxVersions,
      oldest_version: meta.oldestVersion,
      updated_time: meta.updatedTime,
      versions,
    };
  }

  /** `POST metadata/:path`: sets only the fields given; creates key metadata when missing. */
  writeMetadata(key: string, body: Record<string, unknown>): void {
    const custom = body['custom_metadata'];
    if (custom !== undefined) validateCustomMetadata(custom);
    const max = body['max_versions'];
    if (max !== undefined && (!Number.isInteger(Number(max)) || Number(max) < 0)) throw badRequest('max_versions must be a non-negative integer');
    const meta = this.keys.get(key) ?? this.emptyMetadata();
    if (max !== undefined) meta.maxVersions = Number(max);
    if (body['cas_required'] !== undefined) meta.casRequired = body['cas_required'] === true || body['cas_required'] === 'true';
    if (custom !== undefined) meta.customMetadata = Object.fromEntries(Object.entries(custom as object).map(([k, v]) => [k, String(v)]));
    this.keys.set(key, meta);
  }

  /** `DELETE metadata/:path`: removes the key, its metadata and every version. */
  deleteMetadata(key: string): void {
    this.keys.delete(key);
  }

  /** `LIST metadata/:folder/`: the direct children, folders with a trailing `/`, sorted; 404 when none. */
  list(folder: string): { keys: string[] } {
    const prefix = folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
    const children = new Set<string>();
    for (const key of this.keys.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      children.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    if (children.size === 0) throw new VaultHttpError(404, []);
    return { keys: [...children].sort(byteOrder) };
  }

  /** `GET config` / `POST config`. */
  readConfig(): unknown {
    return { cas_required: this.config.casRequired, delete_version_after: this.config.deleteVersionAfter, max_versions: this.config.maxVersions };
  }

  writeConfig(body: Record<string, unknown>): void {
    if (body['max_versions'] !== undefined) this.config.maxVersions = Number(body['max_versions']);
    if (body['cas_required'] !== undefined) this.config.casRequired = body['cas_required'] === true;
  }

  private emptyMetadata(): KeyMetadata {
    const t = this.now().toISOString();
    return {
      currentVersion: 0,
      oldestVersion: 0,
      createdTime: t,
      updatedTime: t,
      maxVersions: 0,
      casRequired: false,
      deleteVersionAfter: '0s',
      customMetadata: {},
      versions: new Map(),
    };
  }
}

function nullable(custom: Record<string, string>): Record<string, string> | null {
  return Object.keys(custom).length === 0 ? null : { ...custom };
}

/** Vault's limits: at most 64 keys, 0 < key length ≤ 128, 0 < value length ≤ 512, printable. */
function validateCustomMetadata(custom: unknown): void {
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) throw badRequest('custom_metadata validation failed: not a map');
  const entries = Object.entries(custom as Record<string, unknown>);
  const prefix = 'custom_metadata validation failed';
  if (entries.length > 64) throw badRequest(`${prefix}: payload must contain at most 64 keys, provided ${entries.length}`);
  const errors: string[] = [];
  for (const [key, value] of entries) {
    const text = typeof value === 'string' ? value : String(value);
    const keyLength = Buffer.byteLength(key);
    const valueLength = Buffer.byteLength(text);
    if (keyLength === 0 || keyLength > 128) errors.push(`${prefix}: length of key "${key}" is ${keyLength} but must be 0 < len(key) <= 128`);
    if (valueLength === 0 || valueLength > 512) errors.push(`${prefix}: length of value for key "${key}" is ${valueLength} but must be 0 < len(value) <= 512`);
    if (/[\p{Cc}]/u.test(key)) errors.push(`${prefix}: key "${key}" contains unprintable characters`);
    if (/[\p{Cc}]/u.test(text)) errors.push(`${prefix}: value for key "${key}" contains unprintable characters`);
  }
  if (errors.length > 0) throw new VaultHttpError(400, errors);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
