import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { link, open, truncate, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CorruptRecordError } from '../errors/corrupt-record-error.js';
import type { PathState } from './kv-path-state.js';
import { existsNow, isAlive, isCode, makeDirs, readdirIfExists, readdirOrEmpty, syncDir as syncDirNow } from './fs-utils.js';
import { assertPrivateFile } from './private-mode.js';
import { decodeStateDoc, encodeStateDoc, HEADER_BYTES, type StateDoc, type StatePart } from './state-file.js';
import type { DirSyncer } from './dir-syncer.js';

const STATE = /^@state-(\d+)\.json$/;
const FLOOR = /^@floor-(\d+)$/;
const TMP = /^@tmp-(\d+)-[0-9a-f]+$/;
const PURGED = /^@purged-(\d+)$/;

/** The name a writer gives its not-yet-committed state file (in the store's temp directory). */
export function tmpFileName(): string {
  return `@tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The pid in a temp file's name, or undefined when `name` is not one. */
export function tmpFileOwner(name: string): number | undefined {
  const m = TMP.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Generations per block: superseded names are kept (emptied) for one to two blocks, then deleted. */
export const KEEP = 32;

/** The name of generation `n`'s state file. */
export function stateFileName(n: number): string {
  return `@state-${String(n).padStart(9, '0')}.json`;
}

/** The marker that says generation `n` is a purge tombstone (lets listings skip it without reading it). */
export function purgedMarkerName(n: number): string {
  return `@purged-${String(n).padStart(9, '0')}`;
}

/** The marker of block `k`: generations from `(k - 1) * KEEP + 1` on still exist. */
function floorMarkerName(k: number): string {
  return `@floor-${String(k).padStart(9, '0')}`;
}

/** The first generation block `k`'s marker guarantees. */
function baseOf(k: number): number {
  return k === 0 ? 1 : (k - 1) * KEEP + 1;
}

/** A committed generation as read: its number and state (undefined: never written, or purged). */
export interface Snapshot {
  generation: number;
  state: PathState | undefined;
  /**
   * A block marker number known to exist when this was read (markers are never deleted), so a commit on this
   * snapshot finds the current one by probing upward from it instead of listing the directory.
   */
  floor?: number;
}

/** Where a {@link GenerationDir} writes and how it makes commits durable. */
export interface GenerationDirOptions {
  /** fsync files and directories (default true). */
  durable?: boolean;
  /** The directory for temp files, on the same file system (default: the path's own directory). */
  tmpDir?: string;
  /** Shares directory fsyncs between concurrent commits (default: one fsync per commit). */
  syncer?: Pick<DirSyncer, 'sync'>;
  /** The store directory, named in the fix of a permissions error (default: the path's directory). */
  storeRoot?: string;
  /** A test seam: runs between a commit's link(2) and the check that judges it (to stall a writer there). */
  afterLink?: (generation: number) => Promise<void>;
}

/**
 * The state files of one KV path in its own directory: generation n is `@state-<n>.json`, holding the whole
 * path state (metadata and kept versions; see state-file.ts for the layout that lets metadata be read without
 * the secret data). A mutation creates generation n+1 with link(2), which fails if the name exists, so of two
 * writers (threads or processes) exactly one commits n+1 and the other re-reads and retries (or reports a
 * check-and-set conflict). Files are written to a temp name (in the store's temp directory), fsynced, linked,
 * then the directory is fsynced: a crash leaves either the old or the new generation, never a torn one. A path's
 * first commit also makes its new directory's entry durable (fsync of each parent that gained one, shared with
 * concurrent commits through the {@link DirSyncer} and run while the state file is written); no commit returns
 * before all of its fsyncs have completed.
 *
 * readdir(3) can miss entries while others change the directory, so it is only a hint: a read takes readdir's
 * latest name, reads it, and confirms with two stat(2) calls that neither a newer generation nor a newer block
 * marker exists; only when that fails is the latest generation searched for by probing names with stat(2).
 * That needs the names from some base up to the latest to exist: superseded generations are emptied (truncated, so destroyed data leaves the disk) but their names
 * stay until a block marker `@floor-<k>` (created after generation k·KEEP, never deleted) moves the base past
 * them. A writer that stalled across a whole block could link a deleted name (ABA); it then finds its
 * generation below the base and retracts it. A purge commits a `null` tombstone, so numbering never restarts.
 */
export class GenerationDir {
  /**
   * @param dir - the path's directory
   * @param path - the KV path, for errors
   * @param durable - fsync files and directories (default true)
   */
  private readonly durable: boolean;
  private readonly tmpDir: string;
  private readonly syncer: Pick<DirSyncer, 'sync'> | undefined;
  private readonly storeRoot: string;
  private readonly afterLink: ((generation: number) => Promise<void>) | undefined;

  /**
   * @param dir - the path's directory
   * @param path - the KV path, for errors
   * @param options - durability, temp directory, shared directory fsyncs
   */
  constructor(
    readonly dir: string,
    readonly path: string,
    options: GenerationDirOptions = {},
  ) {
    this.durable = options.durable ?? true;
    this.tmpDir = options.tmpDir ?? dir;
    this.syncer = options.syncer;
    this.storeRoot = options.storeRoot ?? dir;
    this.afterLink = options.afterLink;
  }

  /**
   * The latest committed generation.
   *
   * @param part - `all` (default) or `metadata`: the state without any version's data (the secret payload
   *   is then not read from the disk at all)
   * @param names - the directory's entries, when the caller just read them (a listing): a hint, as readdir's is
   */
  async load(part: StatePart = 'all', names?: readonly string[]): Promise<Snapshot> {
    const { doc, floor } = await this.readLatest(part, names);
    const known = floor === undefined ? {} : { floor };
    if (!doc) return { generation: 0, state: undefined, ...known };
    if (doc.state === null && !existsNow(this.file(purgedMarkerName(doc.generation)))) await this.markPurged(doc.generation);
    return { generation: doc.generation, state: doc.state ?? undefined, ...known };
  }

  /**
   * Commits `state` (null: a purge tombstone) as the generation after `base`, unless another writer got there
   * first.
   *
   * @returns false when the caller lost the race and must re-read and retry
   */
  async commit(base: Snapshot, state: PathState | null): Promise<boolean> {
    const generation = base.generation + 1;
    // A new path: its directory's entries are made durable while the state file is written (group commit: new
    // paths under one parent share the parent's fsync); the commit returns only once both fsyncs are done.
    const created = generation === 1 ? await this.ensureDir() : undefined;
    created?.synced.catch(() => undefined); // awaited below; this keeps an early throw from leaving it unhandled
    const committed = await this.linkGeneration(base, generation, state);
    await created?.synced;
    return committed;
  }

  /** {@link commit} once the path's directory exists: write, fsync, link, judge, fsync the directory, retire. */
  private async linkGeneration(base: Snapshot, generation: number, state: PathState | null): Promise<boolean> {
    const doc: StateDoc = { path: this.path, generation, state };
    const tmp = join(this.tmpDir, tmpFileName());
    // The handle stays open until the commit is judged: an emptied file is how a writer learns that the next
    // generation was built on it.
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.writeFile(encodeStateDoc(doc));
      if (this.durable) await file.sync();
      const target = this.file(stateFileName(generation));
      try {
        await link(tmp, target);
      } catch (error) {
        if (isCode(error, 'EEXIST')) return false;
        throw error;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      await this.afterLink?.(generation);
      // Names from the base up are never deleted, so linking one that was free means we are the latest, unless
      // the name is below the base now. Then either it was freed under a stalled writer before the link (the
      // commit is void), or others committed a block past it after the link: they built on this state, and the
      // writer of the next generation emptied this file (only a commit that counts empties its predecessor).
      if (generation < baseOf(await this.floor(undefined, base.floor))) {
        if ((await file.stat()).size === 0) return true;
        await unlink(target).catch(() => undefined);
        return false;
      }
      if (state === null) await this.markPurged(generation);
      if (this.durable) await this.syncDir(this.dir);
      await this.retire(generation);
      return true;
    } finally {
      await file.close();
    }
  }

  /**
   * The latest generation number (0: none), by stat(2) probes from the base, starting at readdir's hint.
   *
   * @param names - the directory's entries, when the caller just read them
   */
  async latest(names?: readonly string[]): Promise<number> {
    const listed = names ?? (await readdirOrEmpty(this.dir));
    for (let attempt = 0; attempt < 100; attempt++) {
      const base = baseOf(await this.floor(listed));
      const hint = maxMatch(listed, STATE);
      const hintExists = hint >= base && existsNow(this.file(stateFileName(hint)));
      let low = hintExists ? hint : base;
      if (!hintExists && !existsNow(this.file(stateFileName(low)))) {
        if (base === 1) return 0;
        continue; // a newer block marker moved the base meanwhile
      }
      // Exponential then binary search over the contiguous names low..latest.
      let step = 1;
      let high = low + step;
      while (existsNow(this.file(stateFileName(high)))) {
        low = high;
        step *= 2;
        high = low + step;
      }
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (existsNow(this.file(stateFileName(mid)))) low = mid;
        else high = mid;
      }
      return low;
    }
    throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `in ${this.dir} cannot be found: state files are missing` });
  }

  /**
   * The highest block marker (0: none), from readdir's hint, then stat(2) upward; markers are never deleted.
   *
   * @param known - a marker known to exist (0: none known): the probes start there and no readdir is needed
   */
  private async floor(names?: readonly string[], known?: number): Promise<number> {
    let k = known ?? maxMatch(names ?? (await readdirOrEmpty(this.dir)), FLOOR);
    if (known === undefined && k > 0 && !existsNow(this.file(floorMarkerName(k)))) k = 0;
    while (existsNow(this.file(floorMarkerName(k + 1)))) k++;
    return k;
  }

  /** The latest document (undefined: none), and the block marker seen when the fast path confirmed it. */
  private async readLatest(part: StatePart, listed?: readonly string[]): Promise<{ doc?: StateDoc; floor?: number }> {
    // Fast path: readdir's latest name, confirmed by the absence of the next generation and the next marker.
    // Reads use synchronous calls: a handful of microsecond syscalls on small local files.
    const names = listed ?? readdirIfExists(this.dir);
    // A path's directory is made before its first commit and never removed: without it, nothing was ever
    // committed (no probes needed: a new user's reads cost one failed readdir).
    if (names === undefined) return { floor: 0 };
    const hint = maxMatch(names, STATE);
    const k = maxMatch(names, FLOOR);
    if (hint > 0 && hint >= baseOf(k)) {
      const doc = await this.readGeneration(hint, part);
      if (doc && !existsNow(this.file(stateFileName(hint + 1))) && !existsNow(this.file(floorMarkerName(k + 1)))) return { doc, floor: k };
    }
    for (;;) {
      const generation = await this.latest();
      if (generation === 0) return {};
      const doc = await this.readGeneration(generation, part);
      if (doc) return { doc };
    }
  }

  /**
   * A generation's document, or undefined when it is missing or was superseded meanwhile (emptied or deleted).
   * Refuses a state file others can read (it holds private keys and p12 passwords).
   */
  private async readGeneration(generation: number, part: StatePart): Promise<StateDoc | undefined> {
    const name = this.file(stateFileName(generation));
    let fd: number;
    try {
      fd = openSync(name, 'r');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    let bytes: Buffer;
    try {
      const { size, mode } = fstatSync(fd);
      assertPrivateFile(name, mode, this.storeRoot);
      bytes = readPart(fd, size, part);
    } finally {
      closeSync(fd);
    }
    const superseded = () => existsNow(this.file(stateFileName(generation + 1)));
    if (bytes.length === 0) {
      if (superseded()) return undefined;
      throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `${stateFileName(generation)} in ${this.dir} is empty` });
    }
    try {
      return decodeStateDoc(bytes, part, { path: this.path, dir: this.dir });
    } catch (error) {
      // A read racing with the emptying of a superseded generation sees a torn file: not corruption.
      if (superseded()) return undefined;
      throw error;
    }
  }

  private async markPurged(generation: number): Promise<void> {
    await (await open(this.file(purgedMarkerName(generation)), 'w', 0o600)).close();
  }

  /**
   * Creates the path's directory (and missing parents); `synced` resolves once every directory that gained an
   * entry (the parent of each level created) is fsynced — started now, not awaited here.
   */
  private async ensureDir(): Promise<{ synced: Promise<unknown> }> {
    const created = await makeDirs(this.dir);
    if (created === undefined || !this.durable) return { synced: Promise.resolve() };
    const parents: string[] = [];
    for (let dir = this.dir; dir !== dirname(created); dir = dirname(dir)) parents.push(dirname(dir));
    return { synced: Promise.all(parents.map((dir) => this.syncDir(dir))) };
  }

  private async syncDir(dir: string): Promise<void> {
    if (this.syncer) await this.syncer.sync(dir);
    else await syncDirNow(dir);
  }

  /**
   * After committing `generation`: empties the previous one. At a block end (k·KEEP) it creates marker k
   * (after k-1, so markers stay contiguous), makes it durable, and only then deletes the names below the new
   * base, plus leftovers (old purge markers, temp files of dead processes).
   */
  private async retire(generation: number): Promise<void> {
    if (generation > 1) await truncate(this.file(stateFileName(generation - 1)), 0).catch(() => undefined);
    if (generation % KEEP !== 0) return;
    const k = generation / KEEP;
    for (const marker of k > 1 ? [k - 1, k] : [k]) {
      await open(this.file(floorMarkerName(marker)), 'wx', 0o600).then(
        (h) => h.close(),
        (error: unknown) => {
          if (!isCode(error, 'EEXIST')) throw error;
        },
      );
    }
    if (this.durable) await this.syncDir(this.dir);
    const base = baseOf(k);
    for (const name of await readdirOrEmpty(this.dir)) {
      const state = STATE.exec(name);
      const tmp = TMP.exec(name);
      const purged = PURGED.exec(name);
      const old =
        (state && Number(state[1]) < base) ||
        (purged && Number(purged[1]) < generation) ||
        (tmp && Number(tmp[1]) !== process.pid && !isAlive(Number(tmp[1])));
      if (old) await unlink(this.file(name)).catch(() => undefined);
    }
  }

  private file(name: string): string {
    return `${this.dir}/${name}`;
  }
}

/**
 * The bytes of a state file a read needs: all of it, or (for `metadata`) the header and the metadata section
 * only, so that listing never reads a private key or p12 into memory. Old whole-JSON files are read whole.
 */
function readPart(fd: number, size: number, part: StatePart): Buffer {
  if (part === 'all' || size <= HEADER_BYTES) return readAt(fd, 0, size);
  const header = readAt(fd, 0, HEADER_BYTES);
  const metaBytes = /^mtlsctl-kv\/2 (\d{10})\n$/.exec(header.toString('latin1'))?.[1];
  if (metaBytes === undefined) return header[0] === 0x7b ? Buffer.concat([header, readAt(fd, HEADER_BYTES, size - HEADER_BYTES)]) : header;
  return Buffer.concat([header, readAt(fd, HEADER_BYTES, Math.min(Number(metaBytes), size - HEADER_BYTES))]);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = readSync(fd, buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** The highest number among names matching `pattern` (0 when none). */
function maxMatch(names: readonly string[], pattern: RegExp): number {
  let max = 0;
  for (const name of names) {
    const m = pattern.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}
