import type { KvData, KvMetadata, KvSecret } from '../kv-backend.js';
import { CasConflictError } from '../errors/cas-conflict-error.js';
import { InvalidKvInputError } from '../errors/invalid-kv-input-error.js';

/** One stored version (data is null once destroyed). */
export interface StoredVersion {
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
  data: KvData | null;
}

/** Everything KV v2 keeps for one path, as the directory store writes it (JSON). */
export interface PathState extends Omit<KvMetadata, 'versions'> {
  versions: Record<string, StoredVersion>;
}

/** KV v2 keeps 10 versions when neither the key nor the mount says otherwise. */
export const DEFAULT_MAX_VERSIONS = 10;

/**
 * A new version of `state` (Vault's rules: `cas` must equal the current version, 0 for a path that has never
 * been written or was purged; the oldest versions beyond max_versions are dropped).
 *
 * @throws CasConflictError, InvalidKvInputError (cas required, non-string data)
 */
export function withNewVersion(state: PathState | undefined, path: string, data: KvData, cas: number | undefined, now: string): { state: PathState; version: number } {
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') throw new InvalidKvInputError({ path, problem: `data field "${key}" is not a string` });
  }
  const next = state ? structuredClone(state) : empty(now);
  if (cas === undefined && next.casRequired) throw new InvalidKvInputError({ path, problem: 'check-and-set parameter required for this call (cas_required is set)' });
  if (cas !== undefined && cas !== next.currentVersion) throw new CasConflictError({ path, expectedVersion: cas });
  const version = next.currentVersion + 1;
  next.currentVersion = version;
  next.updatedTime = now;
  if (!state || state.currentVersion === 0) next.createdTime = state?.createdTime ?? now;
  next.versions[String(version)] = { createdTime: now, deletionTime: '', destroyed: false, data: { ...data } };
  const max = next.maxVersions || DEFAULT_MAX_VERSIONS;
  if (version - next.oldestVersion >= max) {
    const lastToDrop = version - max;
    for (let v = next.oldestVersion; v <= lastToDrop; v++) delete next.versions[String(v)];
    next.oldestVersion = lastToDrop + 1;
  }
  return { state: next, version };
}

/** Applies delete / undelete / destroy to the listed versions (unknown ones are ignored, as in Vault). */
export function withVersionsChanged(state: PathState, action: 'delete' | 'undelete' | 'destroy', versions: number[], now: string): PathState {
  const next = structuredClone(state);
  for (const n of versions) {
    const v = next.versions[String(n)];
    if (!v || v.destroyed) continue;
    if (action === 'delete' && v.deletionTime === '') v.deletionTime = now;
    if (action === 'undelete') v.deletionTime = '';
    if (action === 'destroy') {
      v.destroyed = true;
      v.data = null;
    }
  }
  return next;
}

/** Sets the metadata fields given; creates the path's metadata when missing (as Vault does). */
export function withMetadata(
  state: PathState | undefined,
  path: string,
  patch: { customMetadata?: Record<string, string>; maxVersions?: number; casRequired?: boolean },
  now: string,
): PathState {
  if (patch.customMetadata) validateCustomMetadata(path, patch.customMetadata);
  if (patch.maxVersions !== undefined && (!Number.isInteger(patch.maxVersions) || patch.maxVersions < 0)) {
    throw new InvalidKvInputError({ path, problem: 'max_versions must be a non-negative integer' });
  }
  const next = state ? structuredClone(state) : empty(now);
  if (patch.customMetadata) next.customMetadata = { ...patch.customMetadata };
  if (patch.maxVersions !== undefined) next.maxVersions = patch.maxVersions;
  if (patch.casRequired !== undefined) next.casRequired = patch.casRequired;
  return next;
}

/** The readable version (latest by default), or undefined when missing, soft-deleted or destroyed. */
export function secretOf(state: PathState | undefined, version?: number): KvSecret | undefined {
  if (!state) return undefined;
  const n = version && version > 0 ? version : state.currentVersion;
  const v = state.versions[String(n)];
  if (!v || v.destroyed || v.deletionTime !== '' || !v.data) return undefined;
  return { data: { ...v.data }, version: n, createdTime: v.createdTime, customMetadata: { ...state.customMetadata } };
}

/** The path's metadata in KvBackend's shape, versions oldest first. */
export function metadataOf(state: PathState): KvMetadata {
  return {
    currentVersion: state.currentVersion,
    oldestVersion: state.oldestVersion,
    createdTime: state.createdTime,
    updatedTime: state.updatedTime,
    maxVersions: state.maxVersions,
    casRequired: state.casRequired,
    customMetadata: { ...state.customMetadata },
    versions: Object.entries(state.versions)
      .map(([n, v]) => ({ version: Number(n), createdTime: v.createdTime, deletionTime: v.deletionTime, destroyed: v.destroyed }))
      .sort((a, b) => a.version - b.version),
  };
}

function empty(now: string): PathState {
  return { currentVersion: 0, oldestVersion: 0, createdTime: now, updatedTime: now, maxVersions: 0, casRequired: false, customMetadata: {}, versions: {} };
}

/** Vault's custom_metadata limits, so what works here works against Vault. */
export function validateCustomMetadata(path: string, custom: Record<string, string>): void {
  const entries = Object.entries(custom);
  if (entries.length > 64) throw new InvalidKvInputError({ path, problem: `custom_metadata holds ${entries.length} keys; Vault allows at most 64` });
  for (const [key, value] of entries) {
    const k = Buffer.byteLength(key);
    const v = typeof value === 'string' ? Buffer.byteLength(value) : -1;
    if (k === 0 || k > 128) throw new InvalidKvInputError({ path, problem: `custom_metadata key "${key.slice(0, 40)}" is ${k} bytes; Vault allows 1 to 128` });
    if (v < 1 || v > 512) throw new InvalidKvInputError({ path, problem: `custom_metadata value of "${key}" is ${v < 0 ? 'not a string' : `${v} bytes`}; Vault allows 1 to 512 bytes` });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(key + value)) throw new InvalidKvInputError({ path, problem: `custom_metadata "${key}" contains unprintable characters` });
  }
}
