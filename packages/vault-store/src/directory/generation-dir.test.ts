import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirSyncer } from './dir-syncer.js';
import { GenerationDir, KEEP, stateFileName } from './generation-dir.js';
import type { PathState } from './kv-path-state.js';

const stateOf = (n: number): PathState => ({
  currentVersion: n,
  oldestVersion: 0,
  createdTime: 't',
  updatedTime: 't',
  maxVersions: 0,
  casRequired: false,
  customMetadata: {},
  versions: { [String(n)]: { createdTime: 't', deletionTime: '', destroyed: false, data: { n: String(n) } } },
});

let tmp: TempDir;
let gen: GenerationDir;

async function commitMany(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const base = await gen.load();
    expect(await gen.commit(base, stateOf(base.generation + 1))).toBe(true);
  }
}

beforeEach(async () => {
  tmp = await makeTempDir('mtlsctl-gen-');
  gen = new GenerationDir(join(tmp.path, 'p'), 'p', { durable: false });
});
afterEach(() => tmp.remove());

describe('GenerationDir', () => {
  it('commits generation n+1 once: a second writer from the same base loses', async () => {
    const base = await gen.load();
    expect(await gen.commit(base, stateOf(1))).toBe(true);
    expect(await gen.commit(base, stateOf(99))).toBe(false);
    expect((await gen.load()).state?.currentVersion).toBe(1);
  });

  it('finds the latest generation by probing even when readdir returns nothing', async () => {
    await commitMany(3 * KEEP + 5);
    expect(await gen.latest([])).toBe(3 * KEEP + 5);
    expect(await gen.latest(['@state-000000001.json'])).toBe(3 * KEEP + 5);
  });

  it('empties superseded generations and keeps at most two blocks of names', async () => {
    await commitMany(3 * KEEP + 5);
    const names = (await readdir(gen.dir)).filter((n) => n.startsWith('@state-'));
    expect(names.length).toBeLessThanOrEqual(2 * KEEP);
    expect(names).toContain(stateFileName(3 * KEEP + 5));
    const sizes = await Promise.all(names.map(async (n) => [n, (await stat(join(gen.dir, n))).size] as const));
    expect(sizes.filter(([, size]) => size > 0).map(([n]) => n)).toEqual([stateFileName(3 * KEEP + 5)]);
  });

  it('voids the commit of a writer that stalled while its generation name was freed (ABA)', async () => {
    await commitMany(1);
    const stale = await gen.load();
    await commitMany(3 * KEEP);
    expect(await gen.commit(stale, stateOf(-1))).toBe(false);
    expect(await readdir(gen.dir)).not.toContain(stateFileName(stale.generation + 1));
    const latest = await gen.load();
    expect(latest.generation).toBe(3 * KEEP + 1);
    expect(latest.state?.currentVersion).toBe(3 * KEEP + 1);
  });

  it('keeps the commit of a writer that stalled after its link while others committed a block past it', async () => {
    await commitMany(1);
    const base = await gen.load();
    const stalled = new GenerationDir(gen.dir, 'p', { durable: false, afterLink: () => commitMany(3 * KEEP) });
    expect(await stalled.commit(base, stateOf(2))).toBe(true);
    const latest = await gen.load();
    expect(latest.generation).toBe(3 * KEEP + 2);
    expect(latest.state?.currentVersion).toBe(3 * KEEP + 2);
  });

  it("returns a new path's commit only after the fsync of every directory that gained an entry (started before the link)", async () => {
    const requested: string[] = [];
    const held: Array<() => void> = [];
    const own = join(tmp.path, 'a', 'b', 'p');
    let ownSynced!: () => void;
    const ownRequested = new Promise<void>((resolve) => (ownSynced = resolve));
    const syncer = {
      sync: (dir: string) => {
        requested.push(dir);
        if (dir === own) {
          ownSynced();
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => held.push(resolve));
      },
    };
    const durable = new GenerationDir(own, 'a/b/p', { durable: true, syncer });
    let done = false;
    const commit = durable.commit(await durable.load(), stateOf(1)).then((ok) => {
      done = true;
      return ok;
    });
    await ownRequested;
    expect(requested.slice(0, 3).sort()).toEqual([tmp.path, join(tmp.path, 'a'), join(tmp.path, 'a', 'b')].sort());
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(done, 'the commit returned before its parent directories were fsynced').toBe(false);
    for (const release of held) release();
    expect(await commit).toBe(true);
    const second = durable.commit(await durable.load(), stateOf(2));
    expect(await second).toBe(true);
    expect(requested.filter((d) => d !== own)).toHaveLength(3);
  });
});

describe('DirSyncer', () => {
  it('gives the commits that arrive during an fsync one fsync started after them (N commits, two fsyncs)', async () => {
    const fsyncs: Array<() => void> = [];
    const syncer = new DirSyncer(() => new Promise<void>((resolve) => fsyncs.push(resolve)));
    const first = syncer.sync('/d');
    const riders = Array.from({ length: 5 }, () => syncer.sync('/d'));
    let ridersDone = false;
    void Promise.all(riders).then(() => (ridersDone = true));
    expect(fsyncs).toHaveLength(1);
    fsyncs[0]?.();
    await first;
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(ridersDone, 'a rider was released by an fsync that began before its change').toBe(false);
    expect(fsyncs).toHaveLength(2);
    fsyncs[1]?.();
    await Promise.all(riders);
    expect(fsyncs).toHaveLength(2);
  });
});
