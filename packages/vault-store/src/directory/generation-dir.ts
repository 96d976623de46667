import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CorruptRecordError } from '../errors/corrupt-record-error.js';
import type { PathState } from './kv-path-state.js';

const STATE = /^@state-(\d+)\.json$/;
const TMP = /^@tmp-(\d+)-[0-9a-f]+$/;
const FORMAT = 'mtlsctl-kv/1';

/** The name of generation `n`'s state file. */
export function stateFileName(n: number): string {
  return `@state-${String(n).padStart(9, '0')}.json`;
}

/** The marker that says generation `n` is a purge tombstone (lets listings skip it without reading it). */
export function purgedMarkerName(n: number): string {
  return `@purged-${String(n).padStart(9, '0')}`;
}

/** The highest generation among directory entry names (0 when none). */
export function latestGeneration(names: readonly string[]): number {
  let latest = 0;
  for (const name of names) {
    const m = STATE.exec(name);
    if (m) latest = Math.max(latest, Number(m[1]));
  }
  return latest;
}

/**
 * The state files of one KV path in its own directory: generation n is `@state-<n>.json`, holding the whole
 * path state (metadata and kept versions). A mutation creates generation n+1 with link(2), which fails if the
 * name exists, so of two writers (threads or processes) exactly one commits n+1 and the other re-reads and
 * retries (or reports a check-and-set conflict). Files are written to a temp name, fsynced, linked, then the
 * directory is fsynced: a crash leaves either the old or the new generation, never a torn one. Older
 * generations are deleted after a commit (destroyed data leaves the disk). A purge commits a `null` tombstone
 * generation, so numbering never restarts under a slow writer.
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

  /** The latest committed generation and its state (undefined when never written or purged). */
  async load(): Promise<{ generation: number; state: PathState | undefined }> {
    for (let attempt = 0; ; attempt++) {
      const names = await readdirOrEmpty(this.dir);
      const generation = latestGeneration(names);
      if (generation === 0) return { generation, state: undefined };
      let text: string;
      try {
        text = await readFile(join(this.dir, stateFileName(generation)), 'utf8');
      } catch (error) {
        // A concurrent commit removed it after committing a newer one: look again.
        if (isCode(error, 'ENOENT') && attempt < 100) continue;
        throw error;
      }
      const state = this.parse(text);
      if (state === null && !names.includes(purgedMarkerName(generation))) await this.markPurged(generation);
      return { generation, state: state ?? undefined };
    }
  }

  /**
   * Commits `state` (null: a purge tombstone) as generation `generation` unless another writer already did.
   *
   * @returns false when that generation exists (the caller lost the race and must re-read)
   */
  async commit(generation: number, state: PathState | null): Promise<boolean> {
    if (generation === 1) await this.ensureDir();
    const tmp = join(this.dir, `@tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify({ format: FORMAT, path: this.path, generation, state }, null, 1));
      if (this.durable) await file.sync();
    } finally {
      await file.close();
    }
    try {
      await link(tmp, join(this.dir, stateFileName(generation)));
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    if (state === null) await this.markPurged(generation);
    if (this.durable) await syncDir(this.dir);
    if (generation > 1) await this.removeOlderThan(generation);
    return true;
  }

  private parse(text: string): PathState | null {
    let doc: { format?: unknown; state?: unknown };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch {
      throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `in ${this.dir} is not valid JSON` });
    }
    if (doc.format !== FORMAT || typeof doc.state !== 'object') {
      throw new CorruptRecordError({ path: this.path, field: '(state file)', reason: `in ${this.dir} is not a ${FORMAT} file` });
    }
    return doc.state as PathState | null;
  }

  private async markPurged(generation: number): Promise<void> {
    await (await open(join(this.dir, purgedMarkerName(generation)), 'w', 0o600)).close();
  }

  private async ensureDir(): Promise<void> {
    const created = await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (created !== undefined && this.durable) await syncDir(dirname(created));
  }

  /** Best effort: older generations, old purge markers, temp files of dead processes. */
  private async removeOlderThan(generation: number): Promise<void> {
    for (const name of await readdirOrEmpty(this.dir)) {
      const state = STATE.exec(name);
      const tmp = TMP.exec(name);
      const old =
        (state && Number(state[1]) < generation) ||
        (name.startsWith('@purged-') && name !== purgedMarkerName(generation)) ||
        (tmp && Number(tmp[1]) !== process.pid && !isAlive(Number(tmp[1])));
      if (old) await unlink(join(this.dir, name)).catch(() => undefined);
    }
  }
}

/** fsyncs a directory so a rename/link/create inside it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Directory entry names, or [] when the directory does not exist. */
export async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return [];
    throw error;
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}
