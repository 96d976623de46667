import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
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

  it('deletes at the next open the temp file of a writer killed (SIGKILL) mid-write, and keeps the last commit', async () => {
    const dir = await makeTempDir('mtlsctl-procs-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      await kv.write('clients/alice', { 'tls.key': 'COMMITTED' });
      const tmpDir = join(dir.path, 'kv', '@tmp');
      // The child writes 24 MB records without end; it is killed as soon as its temp file is seen.
      const child = spawn(process.execPath, [worker, dir.path, 'big', '24', '0', 'clients/alice'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + 60_000;
      let orphan: string | undefined;
      while (orphan === undefined && Date.now() < deadline) {
        orphan = readdirSync(tmpDir).find((n) => n.startsWith(`@tmp-${child.pid}-`));
        if (orphan === undefined) await new Promise((r) => setImmediate(r));
      }
      child.kill('SIGKILL');
      await exited;
      expect(orphan, 'the writer never showed a temp file').toBeDefined();
      const left = (await readdir(tmpDir)).filter((n) => n.startsWith(`@tmp-${child.pid}-`));
      expect(left.length, 'the kill came after the commit; no orphan to test').toBeGreaterThan(0);

      const reopened = new DirectoryKvBackend(dir.path);
      const latest = await reopened.read('clients/alice');
      expect(await readdir(tmpDir)).toEqual([]);
      expect(latest?.data['tls.key'] === 'COMMITTED' || latest?.data['tls.key']?.length === 24 * 1024 * 1024).toBe(true);
      expect(await reopened.write('clients/alice', { 'tls.key': 'NEXT' }, { cas: latest?.version ?? -1 })).toBe((latest?.version ?? 0) + 1);
    } finally {
      await dir.remove();
    }
  });

  it('a writer killed (SIGKILL) while it creates many paths at once (shared directory fsyncs) loses none it reported', async () => {
    for (const killAfter of [3, 40, 150]) {
      const dir = await makeTempDir('mtlsctl-procs-');
      try {
        const child = spawn(process.execPath, [worker, dir.path, 'users', '100000', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const reported: string[] = [];
        let partial = '';
        child.stdout.on('data', (chunk: Buffer) => {
          const lines = (partial + chunk.toString('utf8')).split('\n');
          partial = lines.pop() ?? '';
          reported.push(...lines);
          if (reported.length >= killAfter) child.kill('SIGKILL');
        });
        await exited;
        expect(reported.length, 'the writer exited before it was killed').toBeGreaterThanOrEqual(killAfter);
        const kv = new DirectoryKvBackend(dir.path);
        for (const user of reported) {
          const secret = await kv.read(`clients/${user}`);
          expect({ user, version: secret?.version, data: secret?.data }).toEqual({ user, version: 2, data: { issued: user } });
        }
        // The users in flight at the kill read as never written, reserved, or issued; none is corrupt.
        const { keys } = await kv.list('clients/', { limit: 100_000 });
        for (const key of keys) expect([1, 2]).toContain((await kv.read(`clients/${key}`))?.version);
      } finally {
        await dir.remove();
      }
    }
  });

  it('leaves alone the temp files of a writer that is still alive', async () => {
    const dir = await makeTempDir('mtlsctl-procs-');
    try {
      await new DirectoryKvBackend(dir.path).init();
      const tmpDir = join(dir.path, 'kv', '@tmp');
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const alive = join(tmpDir, `@tmp-${process.ppid}-0123456789ab`);
      await writeFile(alive, 'in flight', { mode: 0o600 });
      await new DirectoryKvBackend(dir.path).read('anything');
      expect(await readdir(tmpDir)).toEqual([`@tmp-${process.ppid}-0123456789ab`]);
    } finally {
      await dir.remove();
    }
  });
});
