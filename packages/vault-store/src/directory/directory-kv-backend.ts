import { stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { KvBackend, KvData, KvListOptions, KvListPage, KvMetadata, KvSecret } from '../kv-backend.js';
import { CasConflictError } from '../errors/cas-conflict-error.js';
import { CorruptRecordError } from '../errors/corrupt-record-error.js';
import { InvalidKvInputError } from '../errors/invalid-kv-input-error.js';
import { GenerationDir, purgedMarkerName, tmpFileOwner } from './generation-dir.js';
import { exists, existsNow, isAlive, isCode, makeDirs, readdirNow, readdirOrEmpty, statIfExists } from './fs-utils.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import { metadataOf, secretOf, withMetadata, withNewVersion, withVersionsChanged, type PathState } from './kv-path-state.js';
import { assertPrivateDir } from './private-mode.js';
import { DirSyncer } from './dir-syncer.js';
import { byteOrder } from '../vault/byte-order.js';

/** The store's temp directory under `kv/` (`@` never starts an encoded path segment). */
const TMP_DIR = '@tmp';

/** Options of {@link DirectoryKvBackend}. */
export interface DirectoryKvBackendOptions {
  /** fsync every commit (default true). Only turn off for throwaway stores, e.g. seeding test data. */
  durable?: boolean;
  /** The clock for version and deletion times (default `() => new Date()`). */
  now?: () => Date;
}

/**
 * The embedded store: KV v2 semantics (versions, check-and-set, soft delete / undelete / destroy / purge,
 * custom metadata, max versions) in a local directory, safe for several processes at once.
 *
 * Layout: `<root>/kv/<path segments>/@state-<generation>.json`, one file per path holding its metadata and
 * kept versions (segments percent-encoded; directories 0700, files 0600), the metadata in a section of its own
 * so that `readMetadata` never reads secret data. Writes go through temp files in `<root>/kv/@tmp/`; see
 * {@link GenerationDir} for how they commit atomically and exclusively.
 *
 * Opening (the first call) checks, as ssh does for its keys, that the store directory and `kv/` are 0700 or
 * stricter, and every state file read is 0600 or stricter; a looser mode is a StoreConfigError whose message
 * gives the `chmod` that fixes it. It also deletes temp files left by writers that died mid-write (they hold
 * whole records: signed certificates, private keys, p12 passwords).
 *
 * @example
 * const backend = new DirectoryKvBackend(defaultStoreDir());
 * const version = await backend.write('ca', { 'ca.crt': pem }, { cas: 0 });
 */
export class DirectoryKvBackend implements KvBackend {
  readonly description: string;
  private readonly kvRoot: string;
  private readonly storeRoot: string;
  private readonly tmpDir: string;
  private readonly durable: boolean;
  private readonly now: () => Date;
  private opened: Promise<void> | undefined;
  private tmpReady: Promise<unknown> | undefined;
  private readonly syncer = new DirSyncer();
  /** The names of the folder listed last, for its next page (see {@link folderNames}). */
  private lastFolder: { dir: string; version: string; names: string[] } | undefined;

  /**
   * @param root - the store directory (created on first write)
   * @param options - durability and clock
   */
  constructor(
    readonly root: string,
    options: DirectoryKvBackendOptions = {},
  ) {
    this.storeRoot = resolve(root);
    this.kvRoot = join(this.storeRoot, 'kv');
    this.tmpDir = join(this.kvRoot, TMP_DIR);
    this.durable = options.durable ?? true;
    this.now = options.now ?? (() => new Date());
    this.description = `directory ${resolve(root)}`;
  }

  async read(path: string, options: { version?: number } = {}): Promise<KvSecret | undefined> {
    await this.open();
    const { state } = await this.dir(path).load().catch((error: unknown) => this.rethrow(error));
    return secretOf(state, options.version);
  }

  /** Writes a new version; with `customMetadata`, replaces the path's custom metadata in the same commit. */
  async write(path: string, data: KvData, options: { cas?: number; customMetadata?: Record<string, string> } = {}): Promise<number> {
    const { customMetadata } = options;
    return this.mutate(path, (state) => {
      const next = withNewVersion(state, path, data, options.cas, this.timestamp());
      return { state: customMetadata ? withMetadata(next.state, path, { customMetadata }, this.timestamp()) : next.state, result: next.version };
    }).catch((error: unknown) => {
      if (CasConflictError.isInstance(error)) throw new CasConflictError({ path, expectedVersion: error.expectedVersion, where: this.description });
      throw error;
    });
  }

  async readMetadata(path: string): Promise<KvMetadata | undefined> {
    await this.open();
    const { state } = await this.dir(path).load('metadata').catch((error: unknown) => this.rethrow(error));
    return state ? metadataOf(state) : undefined;
  }

  async writeMetadata(path: string, metadata: { customMetadata?: Record<string, string>; maxVersions?: number; casRequired?: boolean }): Promise<void> {
    await this.mutate(path, (state) => ({ state: withMetadata(state, path, metadata, this.timestamp()), result: undefined }));
  }

  /** Lists a folder's children; with `withMetadata`, each key's metadata read in the same pass (one readdir per key). */
  async list(folder: string, options: KvListOptions = {}): Promise<KvListPage> {
    await this.open();
    const trimmed = folder.replace(/\/$/, '');
    const segments = trimmed === '' ? [] : this.segments(trimmed);
    const dir = join(this.kvRoot, ...segments.map(encodeSegment));
    const names = this.folderNames(dir, options.after !== undefined);
    const limit = options.limit ?? 1000;
    const keys: string[] = [];
    const metadata = options.withMetadata ? new Map<string, KvMetadata>() : undefined;
    const page = (next?: string): KvListPage => ({ keys, ...(next === undefined ? {} : { next }), ...(metadata ? { metadata } : {}) });
    for (const name of names) {
      const child = `${dir}/${encodeSegment(name)}`;
      const candidates: string[] = [];
      let state: PathState | undefined;
      if (options.after === undefined || byteOrder(`${name}/`, options.after) > 0) {
        const path = trimmed === '' ? name : `${trimmed}/${name}`;
        const classified = await this.classify(child, path, metadata !== undefined);
        if (classified.isKey) candidates.push(name);
        if (classified.isFolder) candidates.push(`${name}/`);
        state = classified.state;
      }
      for (const key of candidates) {
        if (options.after !== undefined && byteOrder(key, options.after) <= 0) continue;
        if (keys.length === limit) return page(keys[keys.length - 1] as string);
        keys.push(key);
        if (key === name && state) metadata?.set(name, metadataOf(state));
      }
    }
    return page();
  }

  /**
   * A folder's child names, decoded and in byte order. A continuation page (`after` given) reuses the names the
   * previous page of the same folder read while the folder's mtime and link count are unchanged, so paging
   * through 10,000 users reads and sorts `clients/` once instead of once per page. A folder's children are
   * directories, each counted in its link count, so a child made or removed between pages is seen by the next;
   * a listing is no snapshot either way (each key is still confirmed by its own directory).
   */
  private folderNames(dir: string, continuation: boolean): string[] {
    const stats = statIfExists(dir);
    const version = stats ? `${stats.mtimeMs}/${stats.nlink}` : undefined;
    const cached = this.lastFolder;
    if (continuation && cached?.dir === dir && version !== undefined && cached.version === version) return cached.names;
    const names = readdirNow(dir)
      .filter((n) => !n.startsWith('@'))
      .map((name) => decodeSegment(name, dir))
      .sort(byteOrder);
    this.lastFolder = version === undefined ? undefined : { dir, version, names };
    return names;
  }

  /**
   * Whether a path directory is a live key (latest generation not a purge) and/or a folder with live keys below;
   * with `read`, the key's state without data (from the same directory read).
   */
  private async classify(dir: string, path: string, read: boolean): Promise<{ isKey: boolean; isFolder: boolean; state?: PathState }> {
    const names = readdirNow(dir);
    let isKey: boolean;
    let state: PathState | undefined;
    if (read) {
      // The directory is known (the listing found it): no second validation and encoding of the path.
      state = (await this.dirAt(dir, path).load('metadata', names).catch((error: unknown) => this.rethrow(error))).state;
      isKey = state !== undefined;
    } else {
      const latest = await new GenerationDir(dir, dir).latest(names);
      isKey = latest > 0 && !existsNow(join(dir, purgedMarkerName(latest)));
    }
    let isFolder = false;
    for (const name of names) {
      if (name.startsWith('@')) continue;
      const below = await this.classify(join(dir, name), `${path}/${decodeSegment(name, dir)}`, false);
      if (below.isKey || below.isFolder) {
        isFolder = true;
        break;
      }
    }
    return state ? { isKey, isFolder, state } : { isKey, isFolder };
  }

  async delete(path: string, versions?: number[]): Promise<void> {
    await this.mutate(path, (state) => {
      if (!state) return { state: undefined, result: undefined };
      return { state: withVersionsChanged(state, 'delete', versions ?? [state.currentVersion], this.timestamp()), result: undefined };
    });
  }

  async undelete(path: string, versions: number[]): Promise<void> {
    await this.mutate(path, (state) => ({ state: state && withVersionsChanged(state, 'undelete', versions, this.timestamp()), result: undefined }));
  }

  async destroy(path: string, versions: number[]): Promise<void> {
    await this.mutate(path, (state) => ({ state: state && withVersionsChanged(state, 'destroy', versions, this.timestamp()), result: undefined }));
  }

  async purge(path: string): Promise<void> {
    await this.mutate(path, (state) => ({ state: state ? null : undefined, result: undefined }));
  }

  /** Creates the store's root directory (0700) if missing; writes do this themselves. */
  async init(): Promise<void> {
    await this.open();
    await makeDirs(this.kvRoot).catch((error: unknown) => this.rethrow(error));
  }

  /**
   * Once per backend: checks that the root is (or can become) a directory — a file there, or a path under a
   * file, is a configuration error, not an empty store —, that the store's directories are private, and
   * deletes the temp files of dead writers.
   */
  private open(): Promise<void> {
    this.opened ??= (async () => {
      const root = resolve(this.root);
      let current = root;
      while (!(await exists(current))) {
        const parent = dirname(current);
        if (parent === current) return;
        current = parent;
      }
      const stats = await stat(current);
      if (!stats.isDirectory()) {
        throw new StoreConfigError({
          setting: 'MTLSCTL_HOME',
          message: `the store directory ${root} cannot be used: ${current} is not a directory. Choose another with --store <dir> or MTLSCTL_HOME`,
        });
      }
      if (current !== root) return;
      assertPrivateDir(root, stats.mode, root);
      const kv = await stat(this.kvRoot).catch((error: unknown) => (isCode(error, 'ENOENT') ? undefined : Promise.reject(error)));
      if (kv) assertPrivateDir(this.kvRoot, kv.mode, root);
      await this.removeOrphans();
    })();
    return this.opened;
  }

  /**
   * Deletes temp files whose writer process is gone (killed between writing and committing). A live
   * process's temp file is left alone: it is being committed.
   */
  private async removeOrphans(): Promise<void> {
    const dir = join(this.kvRoot, TMP_DIR);
    for (const name of await readdirOrEmpty(dir).catch((error: unknown) => this.rethrow(error))) {
      const pid = tmpFileOwner(name);
      if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
      await unlink(join(dir, name)).catch((error: unknown) => {
        if (!isCode(error, 'ENOENT')) this.rethrow(error);
      });
    }
  }

  /** Creates `kv/@tmp` (0700) once, before the first commit. */
  private ensureTmpDir(): Promise<unknown> {
    this.tmpReady ??= makeDirs(join(this.kvRoot, TMP_DIR)).catch((error: unknown) => {
      this.tmpReady = undefined;
      throw error;
    });
    return this.tmpReady;
  }

  /** File-system failures of the store's directory become one clear configuration error. */
  private rethrow(error: unknown): never {
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOENT: 'the file system refused to create it', ENOTDIR: 'a parent is not a directory', ENOSPC: 'no space left on the device' };
    const reason = code ? reasons[code] : undefined;
    if (reason === undefined) throw error;
    throw new StoreConfigError({
      setting: 'MTLSCTL_HOME',
      message: `cannot use the store directory ${resolve(this.root)}: ${reason}. Choose another with --store <dir> or MTLSCTL_HOME`,
      cause: error,
    });
  }

  /**
   * Read, change, commit; on losing the race to another writer, read again and re-apply (a check-and-set
   * write then sees the new version and fails with CasConflictError).
   * `change` returns `state: undefined` for "nothing to do" and `null` for a purge.
   */
  private async mutate<T>(path: string, change: (state: PathState | undefined) => { state: PathState | null | undefined; result: T }): Promise<T> {
    await this.open();
    const dir = this.dir(path);
    await this.ensureTmpDir().catch((error: unknown) => this.rethrow(error));
    for (;;) {
      const base = await dir.load();
      const { state: next, result } = change(base.state);
      if (next === undefined) return result;
      if (await dir.commit(base, next).catch((error: unknown) => this.rethrow(error))) return result;
    }
  }

  private dir(path: string): GenerationDir {
    return this.dirAt(join(this.kvRoot, ...this.segments(path).map(encodeSegment)), path);
  }

  private dirAt(dir: string, path: string): GenerationDir {
    return new GenerationDir(dir, path, { durable: this.durable, tmpDir: this.tmpDir, syncer: this.syncer, storeRoot: this.storeRoot });
  }

  private segments(path: string): string[] {
    const segments = path.split('/');
    for (const s of segments) {
      let problem: string | undefined;
      if (s === '') problem = 'it is empty';
      else if (s === '.' || s === '..') problem = 'it is a relative path segment';
      // eslint-disable-next-line no-control-regex
      else if (/[\u0000-\u001f\u007f]/.test(s)) problem = 'it contains control characters';
      else if (encodeSegment(s).length > 255) problem = 'it is too long for a file name';
      if (problem) throw new InvalidKvInputError({ path, problem: `path segment ${JSON.stringify(s.slice(0, 60))} is invalid: ${problem}` });
    }
    return segments;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

/** A path segment as a file name: percent-encoded, so `@` (reserved for the store's own files) never starts one. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** A directory name back to its path segment; a name mtlsctl cannot have written (bad %-encoding) is a corrupt store. */
function decodeSegment(name: string, dir: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    throw new CorruptRecordError({
      path: join(dir, name),
      field: '(directory name)',
      reason: 'is not valid %-encoding',
      fix: 'mtlsctl never writes such a name: move that directory out of the store',
    });
  }
}
