import { randomBytes } from 'node:crypto';
import { link, open, readFile, truncate, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CorruptRecordError } from '../errors/corrupt-record-error.js';
import type { PathState } from './kv-path-state.js';
import { exists, isAlive, isCode, makeDirs, readdirOrEmpty, syncDir } from './fs-utils.js';

const STATE = /^@state-(\d+)\.json$/;
const FLOOR = /^@floor-(\d+)$/;
const TMP = /^@tmp-(\d+)-[0-9a-f]+$/;
const PURGED = /^@purged-(\d+)$/;
const FORMAT = 'mtlsctl-kv/1';

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
}

interface StateDoc {
  format: string;
  path: string;
  generation: number;
  state: PathState | null;
}

/**
 * The state files of one KV path in its own directory: generation n is `@state-<n>.json`, holding the whole
 * path state (metadata and kept versions). A mutation creates generation n+1 with link(2), which fails if the
 * name exists, so of two writers (threads or processes) exactly one commits n+1 and the other re-reads and
 * retries (or reports a check-and-set conflict). Files are written to a temp name, fsynced, linked, then the
 * directory is fsynced: a crash leaves either the old or the new generation, never a torn one.
 *
 * readdir(3) can miss entries while others change the directory, so it is only a hint: the latest
 * generation is found by probing names with stat(2). That needs the names from some base up to the latest
 * to exist: superseded generations are emptied (truncated, so destroyed data leaves the disk) but their names
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
  constructor(
    readonly dir: string,
    readonly path: string,
    private readonly durable = true,
  ) {}

  /** The latest committed generation. */
  async load(): Promise<Snapshot> {
    const doc = await this.readLatest();
    if (!doc) return { generation: 0, state: undefined };
    if (doc.state === null && !(await exists(this.file(purgedMarkerName(doc.generation))))) await this.markPurged(doc.generation);
    return { generation: doc.generation, state: doc.state ?? undefined };
  }

  /**
   * Commits `state` (null: a purge tombstone) as the generation after `base`, unless another writer got there
   * first.
   *
   * @returns false when the caller lost the race and must re-read and retry
   */
  async commit(base: Snapshot, state: PathState | null): Promise<boolean> {
    const generation = base.generation + 1;
    if (generation === 1) await this.ensureDir();
    const doc: StateDoc = { format: FORMAT, path: this.path, generation, state };
    const tmp = this.file(`@tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(doc, null, 1));
      if (this.durable) await file.sync();
    } finally {
      await file.close();
    }
    const target = this.file(stateFileName(generation));
    try {
      await link(tmp, target);
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    // Names from the base up are never deleted, so linking one that was free means we are the latest.
    // Below the base, the name was freed under a stalled writer: the commit is void.
    if (generation < baseOf(await this.floor())) {
      await unlink(target).catch(() => undefined);
      return false;
    }
    if (state === null) await this.markPurged(generation);
    if (this.durable) await syncDir(this.dir);
    await this.retire(generation);
    return true;
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
      let low = hint >= base && (await exists(this.file(stateFileName(hint)))) ? hint : base;
      if (!(await exists(this.file(stateFileName(low))))) {
        if (base === 1) return 0;
        continue; // a newer block marker moved the base meanwhile
      }
      // Exponential then binary search over the contiguous names low..latest.
      let step = 1;
      let high = low + step;
      while (await exists(this.file(stateFileName(high)))) {
        low = high;
        step *= 2;
        high = low + step;
      }
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (await exists(this.file(stateFileName(mid)))) low = mid;
        else high = mid;
      }
      return low;
    }
    throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `in ${this.dir} cannot be found: state files are missing` });
  }

  /** The highest block marker (0: none), from readdir's hint, then stat(2) upward; markers are never deleted. */
  private async floor(names?: readonly string[]): Promise<number> {
    let k = maxMatch(names ?? (await readdirOrEmpty(this.dir)), FLOOR);
    if (k > 0 && !(await exists(this.file(floorMarkerName(k))))) k = 0;
    while (await exists(this.file(floorMarkerName(k + 1)))) k++;
    return k;
  }

  private async readLatest(): Promise<StateDoc | undefined> {
    for (;;) {
      const generation = await this.latest();
      if (generation === 0) return undefined;
      const doc = await this.readGeneration(generation);
      if (doc) return doc;
    }
  }

  /** A generation's document, or undefined when it was superseded meanwhile (emptied or deleted). */
  private async readGeneration(generation: number): Promise<StateDoc | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(stateFileName(generation)), 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    const superseded = () => exists(this.file(stateFileName(generation + 1)));
    if (text === '') {
      if (await superseded()) return undefined;
      throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `${stateFileName(generation)} in ${this.dir} is empty` });
    }
    try {
      return this.parse(text);
    } catch (error) {
      // A read racing with the emptying of a superseded generation sees a torn file: not corruption.
      if (await superseded()) return undefined;
      throw error;
    }
  }

  private parse(text: string): StateDoc {
    let doc: Partial<StateDoc>;
    try {
      doc = JSON.parse(text) as Partial<StateDoc>;
    } catch {
      throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `in ${this.dir} is not valid JSON` });
    }
    if (doc.format !== FORMAT || typeof doc.state !== 'object' || typeof doc.generation !== 'number') {
      throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `in ${this.dir} is not a ${FORMAT} file` });
    }
    return doc as StateDoc;
  }

  private async markPurged(generation: number): Promise<void> {
    await (await open(this.file(purgedMarkerName(generation)), 'w', 0o600)).close();
  }

  private async ensureDir(): Promise<void> {
    const created = await makeDirs(this.dir);
    if (created !== undefined && this.durable) await syncDir(dirname(created));
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
    if (this.durable) await syncDir(this.dir);
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
    return join(this.dir, name);
  }
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
