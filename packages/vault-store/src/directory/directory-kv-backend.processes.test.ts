import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { makeTempDir, runProcess, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryKvBackend } from './directory-kv-backend.js';

let bundleDir: TempDir;
let worker: string;

beforeAll(async () => {
  bundleDir = await makeTempDir('mtlsctl-writer-');
  worker = join(bundleDir.path, 'concurrent-writer.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../test-support/concurrent-writer.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@mtlsctl/source'],
    outfile: worker,
    logLevel: 'silent',
  });
});
afterAll(() => bundleDir.remove());

/** Runs two writer processes that start at the same instant and returns what each reported. */
async function runPair(root: string, mode: string, count: number): Promise<Array<{ out: number[]; conflicts: number }>> {
  const startAt = String(Date.now() + 400);
  const results = await Promise.all([0, 1].map(() => runProcess(process.execPath, [worker, root, mode, String(count), startAt], { timeoutMs: 120_000 })));
  return results.map((r) => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout.toString('utf8'));
  });
}

describe('DirectoryKvBackend across processes', () => {
  it('loses no write when two processes write the same path without cas', async () => {
    const dir = await makeTempDir('mtlsctl-procs-');
    try {
      const [a, b] = await runPair(dir.path, 'plain', 150);
      const versions = [...(a?.out ?? []), ...(b?.out ?? [])].sort((x, y) => x - y);
      expect(versions).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      expect((await new DirectoryKvBackend(dir.path).readMetadata('shared'))?.currentVersion).toBe(300);
    } finally {
      await dir.remove();
    }
  });

  it('loses no update when two processes increment one counter with check-and-set', async () => {
    const dir = await makeTempDir('mtlsctl-procs-');
    try {
      const [a, b] = await runPair(dir.path, 'counter', 100);
      expect((await new DirectoryKvBackend(dir.path).read('shared'))?.data['value']).toBe('200');
      console.info(`[vault-store] counter race: ${(a?.conflicts ?? 0) + (b?.conflicts ?? 0)} check-and-set conflicts retried`);
    } finally {
      await dir.remove();
    }
  });

  it('lets exactly one of two processes create each path with cas 0', async () => {
    const dir = await makeTempDir('mtlsctl-procs-');
    try {
      const [a, b] = await runPair(dir.path, 'race', 100);
      const won = [...(a?.out ?? []), ...(b?.out ?? [])].sort((x, y) => x - y);
      expect(won).toEqual(Array.from({ length: 100 }, (_, i) => i));
      const kv = new DirectoryKvBackend(dir.path);
      for (const i of [0, 50, 99]) expect((await kv.readMetadata(`race/${i}`))?.currentVersion).toBe(1);
    } finally {
      await dir.remove();
    }
  });
});
