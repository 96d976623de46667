import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@mtlsctl/peers';
import { describe, expect, it } from 'vitest';
import { describeKvBackendContract } from '../test-support/kv-backend-contract.js';
import { DirectoryKvBackend } from './directory-kv-backend.js';
import { InvalidKvInputError } from '../errors/invalid-kv-input-error.js';
import { StoreConfigError } from '../errors/store-config-error.js';

describeKvBackendContract('DirectoryKvBackend', async () => {
  const dir = await makeTempDir('mtlsctl-dirstore-');
  return {
    backend: new DirectoryKvBackend(dir.path),
    seedBackend: new DirectoryKvBackend(dir.path, { durable: false }),
    cleanup: () => dir.remove(),
  };
});

describe('DirectoryKvBackend', () => {
  it('lays out one readable JSON state file per path (superseded ones emptied), directories 0700 and files 0600', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      await kv.write('clients/alice smith', { p12: 'AAAA' });
      await kv.write('clients/alice smith', { p12: 'BBBB' });
      const pathDir = join(dir.path, 'kv', 'clients', 'alice%20smith');
      expect((await readdir(pathDir)).sort()).toEqual(['@state-000000001.json', '@state-000000002.json']);
      expect((await stat(join(pathDir, '@state-000000001.json'))).size).toBe(0);
      const doc = JSON.parse(await readFile(join(pathDir, '@state-000000002.json'), 'utf8'));
      expect(doc).toMatchObject({ format: 'mtlsctl-kv/1', path: 'clients/alice smith', generation: 2, state: { currentVersion: 2 } });
      expect(doc.state.versions['1'].data).toEqual({ p12: 'AAAA' });
      for (const d of [join(dir.path, 'kv'), join(dir.path, 'kv', 'clients'), pathDir]) expect((await stat(d)).mode & 0o777).toBe(0o700);
      expect((await stat(join(pathDir, '@state-000000002.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await dir.remove();
    }
  });

  it('removes destroyed data from the disk, not only from answers', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      await kv.write('ca-key', { 'tls.key': 'SECRET-KEY-MATERIAL' });
      await kv.write('ca-key', { 'tls.key': 'next' });
      await kv.destroy('ca-key', [1]);
      const pathDir = join(dir.path, 'kv', 'ca-key');
      const files = await readdir(pathDir);
      const contents = await Promise.all(files.map((f) => readFile(join(pathDir, f), 'utf8')));
      expect(contents.join('')).not.toContain('SECRET-KEY-MATERIAL');
    } finally {
      await dir.remove();
    }
  });

  it.each(['', 'a//b', '../escape', 'a/./b', 'ctl\u0001'])('refuses the path %j', async (path) => {
    const kv = new DirectoryKvBackend('/nonexistent-mtlsctl-store');
    await expect(kv.read(path)).rejects.toSatisfy(InvalidKvInputError.isInstance);
  });

  it('refuses a store directory that is a file, or under one, instead of reading it as empty', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const file = join(dir.path, 'not-a-dir');
      await writeFile(file, 'x');
      for (const root of [file, join(file, 'store')]) {
        const backend = new DirectoryKvBackend(root);
        await expect(backend.list('clients/')).rejects.toSatisfy(StoreConfigError.isInstance);
        await expect(backend.read('ca')).rejects.toThrow(/is not a directory.*--store <dir> or MTLSCTL_HOME/);
        await expect(backend.write('ca', { a: 'b' }, { cas: 0 })).rejects.toThrow(/is not a directory/);
      }
    } finally {
      await dir.remove();
    }
  });

  it('fails with a clear error where the file system will not create the directory (procfs), without spinning', async () => {
    const backend = new DirectoryKvBackend('/proc/mtlsctl-cannot-exist/store');
    await expect(backend.write('ca', { a: 'b' }, { cas: 0 })).rejects.toThrow(/cannot use the store directory \/proc\/mtlsctl-cannot-exist\/store: the file system refused to create it/);
  });

  it('describes itself by directory', () => {
    expect(new DirectoryKvBackend('/srv/pki').description).toBe('directory /srv/pki');
  });
});
