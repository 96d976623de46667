/**
 * The KV v2 semantics both store adapters provide (Vault KV v2 and the local directory store).
 * Paths are relative to the store's root (mount + prefix), e.g. `ca`, `clients/alice`.
 * Secret data is a flat map of strings: every field ESO or a user reads is a string.
 */
export type KvData = Record<string, string>;

/** Metadata of one version, as KV v2 reports it. */
export interface KvVersionInfo {
  version: number;
  /** RFC 3339 time the version was written. */
  createdTime: string;
  /** RFC 3339 time of a soft delete, or '' if not deleted. */
  deletionTime: string;
  destroyed: boolean;
}

/** A read secret: its data and the version it came from. */
export interface KvSecret {
  data: KvData;
  version: number;
  createdTime: string;
  customMetadata: Record<string, string>;
}

/** KV v2 metadata of one path. */
export interface KvMetadata {
  currentVersion: number;
  oldestVersion: number;
  createdTime: string;
  updatedTime: string;
  maxVersions: number;
  casRequired: boolean;
  customMetadata: Record<string, string>;
  versions: KvVersionInfo[];
}

/** One page of a listing. Keys ending in `/` are folders, as in Vault's LIST. */
export interface KvListPage {
  keys: string[];
  /** Pass as `after` to read the next page; undefined on the last page. */
  next?: string;
  /**
   * With `withMetadata`, each key's metadata as read in the same pass, where the backend can do that cheaply
   * (the directory store: one directory read per key instead of two). Absent otherwise (Vault has no such call):
   * the caller then reads each key's metadata itself. A key missing from the map was deleted or purged meanwhile.
   */
  metadata?: ReadonlyMap<string, KvMetadata>;
}

/** Options of {@link KvBackend.list}. */
export interface KvListOptions {
  /** Start after this key (a previous page's `next`). */
  after?: string;
  /** Page size (default 1000). */
  limit?: number;
  /** Ask for each key's metadata in the page, where the backend can read it in the same pass. */
  withMetadata?: boolean;
}

/**
 * The record store's backend: KV v2 semantics over Vault or a local directory.
 *
 * Check-and-set, as Vault does it: `cas: n` writes only if the path's current version is n, whether that
 * version is live or soft-deleted; `cas: 0` only if the path was never written (or was purged). A mismatch
 * throws `CasConflictError`. A read of a missing or soft-deleted latest version returns undefined (use
 * readMetadata for the current version then).
 */
export interface KvBackend {
  /** Where this backend points, for messages (never includes a token), e.g. `vault https://v:8200 secret/pki`. */
  readonly description: string;
  read(path: string, options?: { version?: number }): Promise<KvSecret | undefined>;
  /**
   * Writes a new version; returns its number. With `customMetadata`, also replaces the path's custom metadata:
   * in the same commit where the backend can (the directory store), else right after the data (Vault: two
   * requests; if the second fails the data is written and InventoryWriteError, naming the version, propagates).
   */
  write(path: string, data: KvData, options?: { cas?: number; customMetadata?: Record<string, string> }): Promise<number>;
  readMetadata(path: string): Promise<KvMetadata | undefined>;
  /** Replaces the custom metadata (and optionally max_versions / cas_required) of a path. */
  writeMetadata(
    path: string,
    metadata: { customMetadata?: Record<string, string>; maxVersions?: number; casRequired?: boolean },
  ): Promise<void>;
  /** Lists the direct children of a folder (`clients/`), sorted, paged. */
  list(folder: string, options?: KvListOptions): Promise<KvListPage>;
  /** Soft-deletes versions (the latest when none given). */
  delete(path: string, versions?: number[]): Promise<void>;
  undelete(path: string, versions: number[]): Promise<void>;
  /** Permanently destroys versions' data. */
  destroy(path: string, versions: number[]): Promise<void>;
  /** Removes a path, its metadata and every version. */
  purge(path: string): Promise<void>;
}
