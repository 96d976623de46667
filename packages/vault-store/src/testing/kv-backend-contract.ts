import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KvBackend } from '../kv-backend.js';
import { PkiStore } from '../pki-store.js';
import { CasConflictError } from '../errors/cas-conflict-error.js';
import { CorruptRecordError } from '../errors/corrupt-record-error.js';
import { InvalidKvInputError } from '../errors/invalid-kv-input-error.js';
import { InvalidPathSegmentError } from '../errors/invalid-path-segment-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { caKeyRecordOf, caRecordOf, clientRecordOf, crlRecordOf, makeSampleCa, type SampleCa } from './sample-records.js';

/** One fresh, empty store for one test. */
export interface KvContractFixture {
  backend: KvBackend;
  /** The same store through a faster door for bulk seeding (e.g. no fsync); default `backend`. */
  seedBackend?: KvBackend;
  cleanup(): Promise<void>;
}

/** How a backend under contract behaves where KV v2 leaves room (none so far) and how big to go. */
export interface KvContractOptions {
  /** How many clients the paged-listing test writes (default 10 050). */
  bulkClients?: number;
  /** Concurrent writes while seeding (default 16). */
  seedConcurrency?: number;
}

async function expectError<T>(promise: Promise<unknown>, check: (error: unknown) => error is T): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected the call to fail').toBeDefined();
  expect(check(caught), `unexpected error: ${String(caught)}`).toBe(true);
  return caught as T;
}

/**
 * The one contract every KvBackend (and PkiStore over it) must honour, registered as a vitest suite:
 * KV v2 semantics (read/write, check-and-set 0 and n, conflicts, versions and history, soft delete / undelete /
 * destroy / purge, custom metadata, max versions, paged listing of 10 000+ keys) and PkiStore round trips.
 *
 * @param name - the suite name, e.g. `DirectoryKvBackend`
 * @param factory - makes a fresh empty store for each test
 */
export function describeKvBackendContract(name: string, factory: () => Promise<KvContractFixture>, options: KvContractOptions = {}): void {
  describe(`KvBackend contract: ${name}`, () => {
    let fixture: KvContractFixture;
    let kv: KvBackend;
    beforeEach(async () => {
      fixture = await factory();
      kv = fixture.backend;
    });
    afterEach(() => fixture.cleanup());

    it('reads nothing at a path never written', async () => {
      expect(await kv.read('nothing/here')).toBeUndefined();
      expect(await kv.readMetadata('nothing/here')).toBeUndefined();
      expect(await kv.list('nothing/')).toEqual({ keys: [] });
    });

    it('writes version 1 and reads back data, version and time', async () => {
      expect(await kv.write('a/b', { x: '1', 'tls.crt': 'pem\n' })).toBe(1);
      const secret = await kv.read('a/b');
      expect(secret).toMatchObject({ data: { x: '1', 'tls.crt': 'pem\n' }, version: 1, customMetadata: {} });
      expect(Number.isNaN(Date.parse(secret?.createdTime ?? ''))).toBe(false);
    });

    it('writes with cas 0 only where nothing exists, and cas n only over version n', async () => {
      expect(await kv.write('c', { v: '1' }, { cas: 0 })).toBe(1);
      const conflict = await expectError(kv.write('c', { v: 'again' }, { cas: 0 }), CasConflictError.isInstance);
      expect(conflict).toMatchObject({ path: 'c', expectedVersion: 0, kind: 'conflict' });
      expect(await kv.write('c', { v: '2' }, { cas: 1 })).toBe(2);
      await expectError(kv.write('c', { v: 'stale' }, { cas: 1 }), CasConflictError.isInstance);
      expect((await kv.read('c'))?.data).toEqual({ v: '2' });
      expect((await kv.readMetadata('c'))?.currentVersion).toBe(2);
    });

    it('keeps every version readable and reports the history', async () => {
      for (const v of ['1', '2', '3']) await kv.write('h', { v });
      expect((await kv.read('h', { version: 1 }))?.data).toEqual({ v: '1' });
      expect((await kv.read('h', { version: 2 }))?.version).toBe(2);
      expect(await kv.read('h', { version: 9 })).toBeUndefined();
      const meta = await kv.readMetadata('h');
      expect(meta).toMatchObject({ currentVersion: 3, casRequired: false });
      expect(meta?.versions.map((v) => [v.version, v.deletionTime, v.destroyed])).toEqual([
        [1, '', false],
        [2, '', false],
        [3, '', false],
      ]);
    });

    it('soft-deletes the latest version, keeps its number for cas, and undeletes it', async () => {
      await kv.write('d', { v: '1' });
      await kv.write('d', { v: '2' });
      await kv.delete('d');
      expect(await kv.read('d')).toBeUndefined();
      expect((await kv.read('d', { version: 1 }))?.data).toEqual({ v: '1' });
      const meta = await kv.readMetadata('d');
      expect(meta?.currentVersion).toBe(2);
      expect(meta?.versions.find((v) => v.version === 2)?.deletionTime).not.toBe('');
      await expectError(kv.write('d', { v: 'x' }, { cas: 0 }), CasConflictError.isInstance);
      await kv.undelete('d', [2]);
      expect((await kv.read('d'))?.data).toEqual({ v: '2' });
    });

    it('deletes chosen versions, and destroys data for good', async () => {
      for (const v of ['1', '2', '3']) await kv.write('x', { v });
      await kv.delete('x', [1]);
      expect(await kv.read('x', { version: 1 })).toBeUndefined();
      await kv.destroy('x', [2]);
      expect(await kv.read('x', { version: 2 })).toBeUndefined();
      await kv.undelete('x', [1, 2]);
      expect((await kv.read('x', { version: 1 }))?.data).toEqual({ v: '1' });
      expect(await kv.read('x', { version: 2 })).toBeUndefined();
      expect((await kv.readMetadata('x'))?.versions.find((v) => v.version === 2)?.destroyed).toBe(true);
      expect((await kv.read('x'))?.data).toEqual({ v: '3' });
    });

    it('purges a path entirely, after which it starts again at version 1', async () => {
      await kv.write('p/one', { v: '1' });
      await kv.write('p/two', { v: '1' });
      await kv.purge('p/one');
      expect(await kv.readMetadata('p/one')).toBeUndefined();
      expect(await kv.read('p/one')).toBeUndefined();
      expect((await kv.list('p/')).keys).toEqual(['two']);
      expect(await kv.write('p/one', { v: 'new' }, { cas: 0 })).toBe(1);
    });

    it('stores custom metadata apart from the versions, visible on reads', async () => {
      await kv.write('m', { v: '1' });
      await kv.writeMetadata('m', { customMetadata: { serial: '0a', status: 'active' } });
      await kv.write('m', { v: '2' });
      expect((await kv.read('m'))?.customMetadata).toEqual({ serial: '0a', status: 'active' });
      await kv.writeMetadata('m', { maxVersions: 4 });
      expect(await kv.readMetadata('m')).toMatchObject({ customMetadata: { serial: '0a', status: 'active' }, maxVersions: 4, currentVersion: 2 });
      await kv.writeMetadata('m', { customMetadata: { serial: '0b' } });
      expect((await kv.readMetadata('m'))?.customMetadata).toEqual({ serial: '0b' });
    });

    it('creates metadata for a path with no data yet (version 0)', async () => {
      await kv.writeMetadata('meta-first', { customMetadata: { owner: 'ops' } });
      expect(await kv.readMetadata('meta-first')).toMatchObject({ currentVersion: 0, customMetadata: { owner: 'ops' }, versions: [] });
      expect(await kv.read('meta-first')).toBeUndefined();
      expect(await kv.write('meta-first', { v: '1' }, { cas: 0 })).toBe(1);
    });

    it.each([
      ['an empty value', { email: '' }],
      ['a value over 512 bytes', { big: 'x'.repeat(513) }],
      ['more than 64 keys', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))],
    ])('refuses custom metadata with %s, as Vault does', async (_case, customMetadata) => {
      await kv.write('limits', { v: '1' });
      await expectError(kv.writeMetadata('limits', { customMetadata }), InvalidKvInputError.isInstance);
    });

    it('keeps only max_versions versions', async () => {
      await kv.writeMetadata('max', { maxVersions: 2 });
      for (const v of ['1', '2', '3']) await kv.write('max', { v });
      const meta = await kv.readMetadata('max');
      expect(meta?.versions.map((v) => v.version)).toEqual([2, 3]);
      expect(meta?.oldestVersion).toBe(2);
      expect(await kv.read('max', { version: 1 })).toBeUndefined();
    });

    it('requires cas once cas_required is set', async () => {
      await kv.writeMetadata('strict', { casRequired: true });
      await expectError(kv.write('strict', { v: '1' }), InvalidKvInputError.isInstance);
      expect(await kv.write('strict', { v: '1' }, { cas: 0 })).toBe(1);
    });

    it('lists keys and folders sorted, and pages with after/limit', async () => {
      for (const p of ['f/b', 'f/a', 'f/c/deep', 'f/d', 'f/c']) await kv.write(p, { v: '1' });
      expect(await kv.list('f/')).toEqual({ keys: ['a', 'b', 'c', 'c/', 'd'] });
      const first = await kv.list('f/', { limit: 2 });
      expect(first).toEqual({ keys: ['a', 'b'], next: 'b' });
      const second = await kv.list('f/', { after: first.next as string, limit: 2 });
      expect(second).toEqual({ keys: ['c', 'c/'], next: 'c/' });
      expect(await kv.list('f/', { after: second.next as string, limit: 2 })).toEqual({ keys: ['d'] });
      expect((await kv.list('')).keys).toEqual(['f/']);
    });

    it('lists with metadata (where the backend reads it in the same pass) exactly what readMetadata gives', async () => {
      for (const p of ['m/a', 'm/b', 'm/c', 'm/d', 'm/sub/x']) await kv.write(p, { v: '1' }, { customMetadata: { who: p } });
      await kv.write('m/b', { v: '2' }, { cas: 1 });
      await kv.delete('m/c');
      await kv.purge('m/d');
      const page = await kv.list('m/', { withMetadata: true });
      expect(page.keys).toEqual(['a', 'b', 'c', 'sub/']);
      if (page.metadata === undefined) return; // Vault: no listing with metadata; PkiStore reads each key instead
      expect([...page.metadata.keys()].sort()).toEqual(['a', 'b', 'c']);
      for (const key of ['a', 'b', 'c']) expect(page.metadata.get(key)).toEqual(await kv.readMetadata(`m/${key}`));
      expect(page.metadata.get('b')?.currentVersion).toBe(2);
      expect(page.metadata.get('c')?.versions.find((v) => v.version === 1)?.deletionTime).not.toBe('');
      const paged = await kv.list('m/', { withMetadata: true, after: 'a', limit: 1 });
      expect({ keys: paged.keys, next: paged.next, metadata: [...(paged.metadata?.keys() ?? [])] }).toEqual({ keys: ['b'], next: 'b', metadata: ['b'] });
    });

    it.each(['alice smith', 'bob@example.org', 'zoë', 'pct%41', 'q?x#y', 'plus+star*'])('round-trips and lists the path segment %j', async (segment) => {
      await kv.write(`odd/${segment}`, { v: segment });
      expect((await kv.read(`odd/${segment}`))?.data).toEqual({ v: segment });
      expect((await kv.list('odd/')).keys).toEqual([segment]);
    });

    it(`lists ${options.bulkClients ?? 10_050} clients page by page`, async () => {
      const total = options.bulkClients ?? 10_050;
      const names = Array.from({ length: total }, (_, i) => `user${String(i).padStart(5, '0')}`);
      const seed = fixture.seedBackend ?? kv;
      const concurrency = options.seedConcurrency ?? 16;
      for (let i = 0; i < names.length; i += concurrency) {
        await Promise.all(names.slice(i, i + concurrency).map((n) => seed.write(`clients/${n}`, { serial: n })));
      }
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await kv.list('clients/', { limit: 1000, ...(after === undefined ? {} : { after }) });
        seen.push(...page.keys);
        after = page.next;
        pages++;
      } while (after !== undefined);
      expect(pages).toBe(Math.ceil(total / 1000));
      expect(seen).toEqual(names);
    });
  });

  describe(`PkiStore contract: ${name}`, () => {
    let fixture: KvContractFixture;
    let store: PkiStore;
    let ca: SampleCa;
    let previous: SampleCa;
    beforeAll(async () => {
      [ca, previous] = await Promise.all([makeSampleCa('mtlsctl contract CA'), makeSampleCa('mtlsctl previous CA')]);
    });
    beforeEach(async () => {
      fixture = await factory();
      store = new PkiStore(fixture.backend);
    });
    afterEach(() => fixture.cleanup());

    it('round-trips the CA record with its trust bundle in order', async () => {
      const record = caRecordOf([ca, previous]);
      expect(await store.putCa(record, { cas: 0 })).toBe(1);
      const read = await store.getCa();
      expect(read).toEqual({ value: record, version: 1 });
      const raw = await fixture.backend.read('ca');
      expect(raw?.data['tls.crt']).toBe(ca.certificatePem + previous.certificatePem);
      expect(raw?.data['ca.crt']).toBe(ca.certificatePem);
    });

    it('round-trips the CA key at its configured path, and archived keys by fingerprint', async () => {
      const custom = new PkiStore(fixture.backend, { caKeyPath: 'issuer-key' });
      await custom.putCaKey(caKeyRecordOf(ca), { cas: 0 });
      expect((await custom.getCaKey())?.value).toEqual(caKeyRecordOf(ca));
      expect(await store.getCaKey()).toBeUndefined();
      await store.putArchivedCaKey(caKeyRecordOf(previous), { cas: 0 });
      await store.putArchivedCaKey(caKeyRecordOf(ca), { cas: 0 });
      expect(await store.listArchivedCaKeys()).toEqual([ca.fingerprint, previous.fingerprint].sort());
      expect((await store.getArchivedCaKey(previous.fingerprint))?.value.privateKeyPem).toBe(previous.privateKeyPem);
    });

    it('round-trips a client and keeps its inventory in custom metadata with the version it describes', async () => {
      const alice = clientRecordOf('alice', ca);
      expect(await store.putClient(alice, { cas: 0 })).toBe(1);
      expect(await store.getClient('alice')).toEqual({ value: alice, version: 1 });
      const renewed = { ...alice, serial: 'beef', notAfter: '2032-01-01T00:00:00.000Z' };
      expect(await store.putClient(renewed, { cas: 1 })).toBe(2);
      expect(await store.getClientInventory('alice')).toEqual({
        username: 'alice',
        email: alice.email,
        serial: 'beef',
        notAfter: '2032-01-01T00:00:00.000Z',
        issuerFingerprint: ca.fingerprint,
        status: 'active',
        created: alice.created,
        version: 2,
        currentVersion: 2,
        stale: false,
        deleted: false,
      });
      const meta = await fixture.backend.readMetadata('clients/alice');
      expect(Object.values(meta?.customMetadata ?? {}).join(' ')).not.toContain('PRIVATE KEY');
    });

    it('stores a client without email, omitting the empty inventory field Vault would refuse', async () => {
      await store.putClient(clientRecordOf('noemail', ca, { email: '' }), { cas: 0 });
      expect((await store.getClientInventory('noemail'))?.email).toBe('');
    });

    it('refuses a stale client write and changes nothing', async () => {
      await store.putClient(clientRecordOf('bob', ca), { cas: 0 });
      await expectError(store.putClient(clientRecordOf('bob', ca, { serial: 'ff' }), { cas: 0 }), CasConflictError.isInstance);
      expect((await store.getClient('bob'))?.value.serial).toBe(clientRecordOf('bob', ca).serial);
      expect((await store.getClientInventory('bob'))?.serial).toBe(clientRecordOf('bob', ca).serial);
    });

    it('flags an inventory that lags the data, and repairs it', async () => {
      await store.putClient(clientRecordOf('carol', ca), { cas: 0 });
      const { clientRecordCodec } = await import('../record-codecs.js');
      await fixture.backend.write('clients/carol', clientRecordCodec.encode(clientRecordOf('carol', ca, { status: 'revoked' })), { cas: 1 });
      expect(await store.getClientInventory('carol')).toMatchObject({ status: 'active', version: 1, currentVersion: 2, stale: true });
      expect(await store.repairClientInventory('carol')).toMatchObject({ status: 'revoked', version: 2, stale: false });
    });

    it('lists clients and walks the whole inventory across pages', async () => {
      const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'];
      for (const u of users) await store.putClient(clientRecordOf(u, ca), { cas: 0 });
      const first = await store.listClients({ limit: 3 });
      expect(first).toEqual({ usernames: ['u1', 'u2', 'u3'], next: 'u3' });
      const seen: string[] = [];
      for await (const entry of store.listInventory({ pageSize: 3 })) seen.push(entry.username);
      expect(seen).toEqual(users);
    });

    it('walks the same inventory whether or not the backend lists metadata: stale ones repaired, broken ones reported', async () => {
      for (const u of ['v1', 'v2', 'v3', 'v4']) await store.putClient(clientRecordOf(u, ca), { cas: 0 });
      const { clientRecordCodec } = await import('../record-codecs.js');
      await fixture.backend.write('clients/v2', clientRecordCodec.encode(clientRecordOf('v2', ca, { status: 'revoked' })), { cas: 1 }); // stale
      await fixture.backend.writeMetadata('clients/v3', { customMetadata: {} }); // no inventory at all
      await store.deleteClient('v4');
      const plain: KvBackend = Object.assign(Object.create(fixture.backend) as KvBackend, {
        list: (folder: string, options: Parameters<KvBackend['list']>[1] = {}) => {
          const { withMetadata: _ignored, ...rest } = options;
          return fixture.backend.list(folder, rest);
        },
      });
      const walk = async (over: PkiStore, repair: boolean) => {
        const unlisted: string[] = [];
        const entries = [];
        for await (const e of over.listInventory({ repair, onUnlisted: (u) => unlisted.push(u) })) entries.push(e);
        return { entries, unlisted };
      };
      const plainWalk = await walk(new PkiStore(plain), false);
      expect(await walk(store, false)).toEqual(plainWalk);
      expect(plainWalk.unlisted).toEqual(['v3']);
      expect(plainWalk.entries.map((e) => [e.username, e.stale, e.deleted])).toEqual([
        ['v1', false, false],
        ['v2', true, false],
        ['v4', false, true],
      ]);
      const repaired = await walk(store, true);
      expect(repaired.unlisted).toEqual([]);
      expect(repaired.entries.map((e) => [e.username, e.status, e.stale])).toEqual([
        ['v1', 'active', false],
        ['v2', 'revoked', false],
        ['v3', 'active', false],
        ['v4', 'active', false],
      ]);
      expect(await walk(new PkiStore(plain), true)).toEqual(repaired);
    });

    it('soft-deletes and restores a client, and reports its history', async () => {
      await store.putClient(clientRecordOf('dave', ca), { cas: 0 });
      await store.putClient(clientRecordOf('dave', ca, { serial: '02' }), { cas: 1 });
      await store.deleteClient('dave');
      expect(await store.getClient('dave')).toBeUndefined();
      expect((await store.getClientInventory('dave'))?.deleted).toBe(true);
      expect((await store.clientHistory('dave')).map((v) => [v.version, v.deletionTime !== ''])).toEqual([
        [1, false],
        [2, true],
      ]);
      await store.undeleteClient('dave');
      expect((await store.getClient('dave'))?.value.serial).toBe('02');
    });

    it('says NotFoundError for history, delete and undelete of an unknown client', async () => {
      await expectError(store.clientHistory('ghost'), NotFoundError.isInstance);
      await expectError(store.deleteClient('ghost'), NotFoundError.isInstance);
      await expectError(store.undeleteClient('ghost'), NotFoundError.isInstance);
    });

    it('round-trips the CRL record', async () => {
      await store.putCrl(crlRecordOf(ca), { cas: 0 });
      expect((await store.getCrl())?.value).toEqual(crlRecordOf(ca));
    });

    it.each(['', 'a/b', '..', 'x..y', 'tab\there', 'x'.repeat(129)])('refuses the username %j as a path segment', async (username) => {
      await expectError(store.getClient(username), InvalidPathSegmentError.isInstance);
    });

    it('names the path and field of a malformed record', async () => {
      await fixture.backend.write('ca', { 'ca.crt': ca.certificatePem, 'tls.crt': ca.certificatePem, fingerprint: ca.fingerprint, trust: '[{"oops":1}]' });
      const error = await expectError(store.getCa(), CorruptRecordError.isInstance);
      expect(error).toMatchObject({ path: 'ca', field: 'trust' });
      await fixture.backend.write('crl', { 'crl.pem': 'x', crl_number: 'seven', next_update: 'x', revoked: '[]' });
      expect(await expectError(store.getCrl(), CorruptRecordError.isInstance)).toMatchObject({ field: 'crl_number' });
    });
  });
}
