import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '@mtlsctl/peers';
import { describe, expect, it } from 'vitest';
import { describeKvBackendContract } from '../testing/kv-backend-contract.js';
import { DirectoryKvBackend } from './directory-kv-backend.js';
import { InvalidKvInputError } from '../errors/invalid-kv-input-error.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import { CasConflictError } from '../errors/cas-conflict-error.js';
import { CorruptRecordError } from '../errors/corrupt-record-error.js';

/** A state file's header line and the bytes after it. */
function splitOnce(text: string): [string, string] {
  const i = text.indexOf('\n');
  return [text.slice(0, i), text.slice(i + 1)];
}

describeKvBackendContract('DirectoryKvBackend', async () => {
  const dir = await makeTempDir('mtlsctl-dirstore-');
  return {
    backend: new DirectoryKvBackend(dir.path),
    seedBackend: new DirectoryKvBackend(dir.path, { durable: false }),
    cleanup: () => dir.remove(),
  };
});

describe('DirectoryKvBackend', () => {
  it('lays out one state file per path (superseded ones emptied), metadata before the data, directories 0700 and files 0600', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      await kv.write('clients/alice smith', { p12: 'AAAA' });
      await kv.write('clients/alice smith', { p12: 'BBBB' });
      const pathDir = join(dir.path, 'kv', 'clients', 'alice%20smith');
      expect((await readdir(pathDir)).sort()).toEqual(['@state-000000001.json', '@state-000000002.json']);
      expect((await stat(join(pathDir, '@state-000000001.json'))).size).toBe(0);
      const [header, rest] = splitOnce(await readFile(join(pathDir, '@state-000000002.json'), 'utf8'));
      const metaBytes = Number(/^mtlsctl-kv\/2 (\d{10})$/.exec(header)?.[1]);
      const meta = JSON.parse(Buffer.from(rest).subarray(0, metaBytes).toString());
      expect(meta).toMatchObject({ path: 'clients/alice smith', generation: 2, state: { currentVersion: 2 } });
      expect(JSON.stringify(meta)).not.toMatch(/AAAA|BBBB/);
      expect(JSON.parse(Buffer.from(rest).subarray(metaBytes + 1).toString())).toEqual({ '1': { p12: 'AAAA' }, '2': { p12: 'BBBB' } });
      expect(await readdir(join(dir.path, 'kv', '@tmp'))).toEqual([]);
      for (const d of [join(dir.path, 'kv'), join(dir.path, 'kv', 'clients'), join(dir.path, 'kv', '@tmp'), pathDir]) expect((await stat(d)).mode & 0o777).toBe(0o700);
      expect((await stat(join(pathDir, '@state-000000002.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await dir.remove();
    }
  });

  it('lists a folder with every key\'s metadata in the same pass, without reading any data section', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      for (const u of ['ann', 'ben']) await kv.write(`clients/${u}`, { 'tls.key': 'PRIVATE' }, { customMetadata: { serial: u } });
      // Cut ben's file after its metadata: a listing that read the data would fail on it.
      const file = join(dir.path, 'kv', 'clients', 'ben', '@state-000000001.json');
      const text = await readFile(file, 'utf8');
      await truncate(file, 24 + Number(text.slice(13, 23)));
      const page = await kv.list('clients/', { withMetadata: true });
      expect(page.keys).toEqual(['ann', 'ben']);
      expect([...(page.metadata ?? new Map()).entries()].map(([k, m]) => [k, m.customMetadata['serial'], m.currentVersion])).toEqual([
        ['ann', 'ann', 1],
        ['ben', 'ben', 1],
      ]);
    } finally {
      await dir.remove();
    }
  });

  it('pages see a key made or removed between pages (a continuation reuses the folder read only while it is unchanged)', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path, { durable: false });
      for (const u of ['a', 'b', 'c', 'd']) await kv.write(`clients/${u}`, { v: u });
      const first = await kv.list('clients/', { limit: 2 });
      expect(first).toEqual({ keys: ['a', 'b'], next: 'b' });
      await kv.write('clients/bb', { v: 'bb' });
      const second = await kv.list('clients/', { after: 'b', limit: 2 });
      expect(second).toEqual({ keys: ['bb', 'c'], next: 'c' });
      await rm(join(dir.path, 'kv', 'clients', 'd'), { recursive: true });
      await kv.write('clients/e', { v: 'e' });
      expect(await kv.list('clients/', { after: 'c', limit: 2 })).toEqual({ keys: ['e'] });
    } finally {
      await dir.remove();
    }
  });

  it('orders keys by their UTF-8 bytes (code points), astral characters after U+E000–U+FFFF', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path, { durable: false });
      const names = ['z', 'é', '\uffee', '\u{1f600}', 'a', 'ab', '\ue000', 'A'];
      for (const u of names) await kv.write(`f/${u}`, { v: '1' });
      const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(byBytes).toEqual(['A', 'a', 'ab', 'z', 'é', '\ue000', '\uffee', '\u{1f600}']);
      expect((await kv.list('f/')).keys).toEqual(byBytes);
      expect((await kv.list('f/', { after: '\uffee' })).keys).toEqual(['\u{1f600}']);
    } finally {
      await dir.remove();
    }
  });

  it('reads metadata without reading the data section (a file cut after its metadata still lists)', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      await kv.write('clients/bob', { 'tls.key': 'PRIVATE' }, { customMetadata: { serial: '01' } });
      const file = join(dir.path, 'kv', 'clients', 'bob', '@state-000000001.json');
      const text = await readFile(file, 'utf8');
      const metaBytes = Number(text.slice(13, 23));
      await truncate(file, 24 + metaBytes);
      const fresh = new DirectoryKvBackend(dir.path);
      expect((await fresh.readMetadata('clients/bob'))?.customMetadata).toEqual({ serial: '01' });
      await expect(fresh.read('clients/bob')).rejects.toSatisfy(CorruptRecordError.isInstance);
    } finally {
      await dir.remove();
    }
  });

  it('writes data and custom metadata in one commit', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      expect(await kv.write('clients/carol', { a: '1' }, { cas: 0, customMetadata: { version: '1' } })).toBe(1);
      expect(await readdir(join(dir.path, 'kv', 'clients', 'carol'))).toEqual(['@state-000000001.json']);
      expect(await kv.read('clients/carol')).toMatchObject({ data: { a: '1' }, version: 1, customMetadata: { version: '1' } });
      await expect(kv.write('clients/carol', { a: '2' }, { cas: 0, customMetadata: { version: '9' } })).rejects.toSatisfy(CasConflictError.isInstance);
      expect((await kv.readMetadata('clients/carol'))?.customMetadata).toEqual({ version: '1' });
    } finally {
      await dir.remove();
    }
  });

  it('still reads a store written in the first format (one JSON document per state file)', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      const pathDir = join(dir.path, 'kv', 'ca');
      await mkdir(pathDir, { recursive: true, mode: 0o700 });
      const state = { currentVersion: 1, oldestVersion: 0, createdTime: 't', updatedTime: 't', maxVersions: 0, casRequired: false, customMetadata: { k: 'v' }, versions: { '1': { createdTime: 't', deletionTime: '', destroyed: false, data: { 'ca.crt': 'PEM' } } } };
      await writeFile(join(pathDir, '@state-000000001.json'), JSON.stringify({ format: 'mtlsctl-kv/1', path: 'ca', generation: 1, state }), { mode: 0o600 });
      const kv = new DirectoryKvBackend(dir.path);
      expect(await kv.read('ca')).toMatchObject({ data: { 'ca.crt': 'PEM' }, version: 1 });
      expect((await kv.readMetadata('ca'))?.customMetadata).toEqual({ k: 'v' });
      expect(await kv.write('ca', { 'ca.crt': 'PEM2' }, { cas: 1 })).toBe(2);
      expect(await kv.read('ca')).toMatchObject({ data: { 'ca.crt': 'PEM2' }, version: 2 });
    } finally {
      await dir.remove();
    }
  });

  it('refuses, as ssh does, a store directory or state file other users can read, and says how to fix it', async () => {
    const dir = await makeTempDir('mtlsctl-dirstore-');
    try {
      await new DirectoryKvBackend(dir.path).write('ca-key', { 'tls.key': 'PRIVATE' });
      const fix = `chmod -R go-rwx '${dir.path}'`;
      await chmod(dir.path, 0o755);
      const loose = new DirectoryKvBackend(dir.path);
      await expect(loose.read('ca-key')).rejects.toSatisfy(StoreConfigError.isInstance);
      await expect(new DirectoryKvBackend(dir.path).list('')).rejects.toThrow(`the store directory ${dir.path} has permissions 0755`);
      await expect(new DirectoryKvBackend(dir.path).write('x', { a: 'b' })).rejects.toThrow(fix);
      await chmod(dir.path, 0o700);
      await chmod(join(dir.path, 'kv'), 0o750);
      await expect(new DirectoryKvBackend(dir.path).read('ca-key')).rejects.toThrow(`the store directory ${join(dir.path, 'kv')} has permissions 0750`);
      await chmod(join(dir.path, 'kv'), 0o700);
      const file = join(dir.path, 'kv', 'ca-key', '@state-000000001.json');
      await chmod(file, 0o644);
      const kv = new DirectoryKvBackend(dir.path);
      await expect(kv.read('ca-key')).rejects.toThrow(`the store file ${file} has permissions 0644, open to other users; it must be 0600 or stricter`);
      await expect(kv.readMetadata('ca-key')).rejects.toThrow(fix);
      await chmod(dir.path, 0o755);
      await chmod(join(dir.path, 'kv'), 0o777);
      await promisify(execFile)('sh', ['-c', fix]);
      expect((await new DirectoryKvBackend(dir.path).read('ca-key'))?.data).toEqual({ 'tls.key': 'PRIVATE' });
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

describe('DirectoryKvBackend on a damaged store: corrupt (exit 7) naming the file, never a TypeError (exit 1)', () => {
  it('a state file holding {"state":{}} is a CorruptRecordError naming it', async () => {
    const dir = await makeTempDir('mtlsctl-damaged-');
    try {
      await new DirectoryKvBackend(dir.path).write('ca', { 'ca.crt': 'x' });
      const names = (await readdir(join(dir.path, 'kv', 'ca'))).filter((n) => n.startsWith('@state-')).sort();
      const meta = JSON.stringify({ path: 'ca', generation: 1, state: {} });
      await writeFile(join(dir.path, 'kv', 'ca', names.at(-1) as string), `mtlsctl-kv/2 ${String(meta.length).padStart(10, '0')}\n${meta}\n{}`);
      const fresh = new DirectoryKvBackend(dir.path);
      await expect(fresh.read('ca')).rejects.toSatisfy(CorruptRecordError.isInstance);
      await expect(fresh.readMetadata('ca')).rejects.toThrow(/the record at ca is malformed: field "\(state file\)" in .*kv\/ca is not a mtlsctl-kv\/2 file/);
    } finally {
      await dir.remove();
    }
  });

  it('a directory name with bad %-encoding is a CorruptRecordError naming it', async () => {
    const dir = await makeTempDir('mtlsctl-damaged-');
    try {
      const kv = new DirectoryKvBackend(dir.path);
      await kv.write('clients/alice', { a: '1' });
      await mkdir(join(dir.path, 'kv', 'clients', '%zz'), { mode: 0o700 });
      await expect(kv.list('clients/')).rejects.toSatisfy(CorruptRecordError.isInstance);
      await expect(kv.list('clients/')).rejects.toThrow(/clients\/%zz is malformed: field "\(directory name\)" is not valid %-encoding/);
    } finally {
      await dir.remove();
    }
  });
});
