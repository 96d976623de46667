import { thrown } from '@mtlsctl/errors/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { initCa } from './init-ca.js';
import { issueBulk } from './issue-bulk.js';
import { listClients } from './list-clients.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';
import { UsersCsvError } from './errors/index.js';
import { parseUsersCsv } from './users-csv.js';

describe('parseUsersCsv', () => {
  it('reads a header and users, with optional columns', () => {
    const users = parseUsersCsv('username,email,key_type,validity_days,p12_profile\nalice,alice@example.com,,,\n"bob",bob@example.com,rsa2048,90,legacy\n# a comment\n\n');
    expect(users).toEqual([
      { line: 2, username: 'alice', email: 'alice@example.com' },
      { line: 3, username: 'bob', email: 'bob@example.com', keyType: 'rsa2048', validityDays: 90, p12Profile: 'legacy' },
    ]);
  });

  it('skips a UTF-8 byte-order mark and ignores other columns, naming them', () => {
    const ignored: string[][] = [];
    const users = parseUsersCsv('\uFEFFusername,Department,email,manager\nalice,IT,alice@example.com,bob\n', { onIgnoredColumns: (c) => ignored.push(c) });
    expect(users).toEqual([{ line: 2, username: 'alice', email: 'alice@example.com' }]);
    expect(ignored).toEqual([['department', 'manager']]);
  });

  it.each([
    ['', /empty/],
    ['alice,alice@example.com\n', /header/],
    ['username,mail\nalice,a@example.com\n', /header/],
    ['username,email\n../ca,a@example.com\n', /line 2: invalid username/],
    ['username,email\nalice,not-an-email\n', /line 2: invalid email/],
    ['username,email\nalice,a@example.com\nalice,b@example.com\n', /line 3: user alice is already on line 2/],
    ['username,email,key_type\nalice,a@example.com,dsa\n', /key_type "dsa"/],
    ['username,email,validity_days\nalice,a@example.com,1y\n', /validity_days "1y"/],
    ['username,email\nalice,a@example.com,extra\n', /column|record/i],
    ['username,email\n"alice,a@example.com\n', /quote|closing/i],
  ])('refuses %j, naming the line', (text, message) => {
    expect(() => parseUsersCsv(text)).toThrow(UsersCsvError);
    expect(() => parseUsersCsv(text)).toThrow(message);
  });

  it('reports every bad line at once', () => {
    const error = thrown(() => parseUsersCsv('username,email\n../a,a@example.com\nok,ok@example.com\nb/c,b@example.com\n')) as UsersCsvError;
    expect(error.problems.map((p) => p.line)).toEqual([2, 4]);
  });
});

describe('issueBulk', () => {
  let t: TempAuthority;
  beforeEach(async () => {
    t = await tempAuthority();
    await initCa(t);
  });
  afterEach(async () => {
    await t.remove();
  });

  it('issues each user once: a second run skips them all, and a stopped run resumes', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `user${String(i).padStart(2, '0')},user${i}@example.com`);
    const users = parseUsersCsv(`username,email\n${lines.join('\n')}\n`);
    let started = 0;
    const partial = await issueBulk(t, users, { concurrency: 2, shouldStop: () => started++ >= 12 });
    expect(partial.length).toBeGreaterThanOrEqual(10);
    expect(partial.length).toBeLessThan(30);
    expect(partial.every((o) => o.outcome === 'issued')).toBe(true);

    const resumed = await issueBulk(t, users, { concurrency: 3 });
    expect(resumed.filter((o) => o.outcome === 'skipped')).toHaveLength(partial.length);
    expect(resumed.filter((o) => o.outcome === 'issued')).toHaveLength(30 - partial.length);

    const inventory = await listClients(t);
    expect(inventory.map((c) => c.username)).toEqual(users.map((u) => u.username));
    expect(new Set(inventory.map((c) => c.serial)).size).toBe(30);
  });

  it('reports a user who already has a certificate for another email as failed, and goes on', async () => {
    await issueBulk(t, parseUsersCsv('username,email\nalice,alice@example.com\n'));
    const outcomes = await issueBulk(t, parseUsersCsv('username,email\nalice,other@example.com\nbob,bob@example.com\n'));
    expect(outcomes.map((o) => [o.username, o.outcome])).toEqual([
      ['alice', 'failed'],
      ['bob', 'issued'],
    ]);
  });

  it('mends an inventory left stale by a run interrupted between the data and the metadata write', async () => {
    await issueBulk(t, parseUsersCsv('username,email\nalice,alice@example.com\n'));
    const alice = (await t.store.getClient('alice'))!;
    const data = (await t.backend.read('clients/alice'))!.data;
    await t.backend.write('clients/alice', data, { cas: alice.version }); // data written, inventory not
    expect((await t.store.getClientInventory('alice'))!.stale).toBe(true);
    const outcomes = await issueBulk(t, parseUsersCsv('username,email\nalice,alice@example.com\n'));
    expect(outcomes[0]!.outcome).toBe('skipped');
    expect((await t.store.getClientInventory('alice'))!.stale).toBe(false);
  });

  it('lists a client whose inventory write never happened, mending it', async () => {
    await issueBulk(t, parseUsersCsv('username,email\nalice,alice@example.com\nbob,bob@example.com\n'));
    const bob = (await t.store.getClient('bob'))!;
    await t.backend.writeMetadata('clients/bob', { customMetadata: {} }); // as if the process died between the writes
    expect((await listClients(t)).map((c) => [c.username, c.serial])).toEqual([
      ['alice', (await t.store.getClient('alice'))!.value.serial],
      ['bob', bob.value.serial],
    ]);
    expect((await t.store.getClientInventory('bob'))!.version).toBe(bob.version);
  });

  it("reads the CA and its key once per run and each user's record once, and records the serial and notAfter as signed", async () => {
    const getCa = vi.spyOn(t.store, 'getCa');
    const getCaKey = vi.spyOn(t.store, 'getCaKey');
    const getClient = vi.spyOn(t.store, 'getClient');
    const forUpdate = vi.spyOn(t.store, 'getClientForUpdate');
    const read = vi.spyOn(t.backend, 'read');
    const readMetadata = vi.spyOn(t.backend, 'readMetadata');
    const names = Array.from({ length: 6 }, (_, i) => `spy${i}`);
    const outcomes = await issueBulk(t, parseUsersCsv(`username,email\n${names.map((n) => `${n},${n}@example.com`).join('\n')}\n`), { concurrency: 3 });
    expect(outcomes.map((o) => o.outcome)).toEqual(names.map(() => 'issued'));
    expect(getCa).toHaveBeenCalledTimes(1);
    expect(getCaKey).toHaveBeenCalledTimes(1);
    expect(getClient).not.toHaveBeenCalled();
    expect(forUpdate.mock.calls.map(([u]) => u).sort()).toEqual(names);
    const clientReads = (calls: unknown[][]) => calls.filter(([path]) => String(path).startsWith('clients/')).length;
    // New users: one metadata read each (it says "never written"), no data read.
    expect(clientReads(read.mock.calls)).toBe(0);
    expect(clientReads(readMetadata.mock.calls)).toBe(names.length);
    for (const name of names) {
      const record = (await t.store.getClient(name))!.value;
      const certificate = new X509Certificate(record.certificatePem);
      expect(record.serial).toBe(certificate.serialNumber.toLowerCase());
      expect(record.notAfter).toBe(new Date(certificate.validTo).toISOString());
    }
  });

  it('reports every user as failed, with the reason, when the store has no CA', async () => {
    const bare = await tempAuthority();
    try {
      const outcomes = await issueBulk(bare, parseUsersCsv('username,email\nalice,alice@example.com\nbob,bob@example.com\n'));
      expect(outcomes.map((o) => [o.username, o.outcome, o.code])).toEqual([
        ['alice', 'failed', 'CA_MISSING'],
        ['bob', 'failed', 'CA_MISSING'],
      ]);
    } finally {
      await bare.remove();
    }
  });

  it('signs in worker threads when asked, and in this thread (saying why) when they cannot start', async () => {
    // The threads run pki-core's build (npm run build first).
    const script = new URL('../../pki-core/dist/workers/credentials-worker-main.js', import.meta.url);
    const csv = (prefix: string) => parseUsersCsv(`username,email\n${[0, 1, 2, 3].map((i) => `${prefix}${i},${prefix}${i}@example.com`).join('\n')}\n`);
    const reasons: string[] = [];
    const inWorkers = await issueBulk(t, csv('thr'), { workers: { script, threads: 2, inThread: 1 }, onWorkersUnavailable: (r) => reasons.push(r) });
    expect(reasons).toEqual([]);
    const missing = new URL('./no-such-worker.js', script);
    const fallback = await issueBulk(t, csv('own'), { workers: { script: missing, threads: 2 }, onWorkersUnavailable: (r) => reasons.push(r) });
    expect(reasons).toHaveLength(1);
    for (const outcome of [...inWorkers, ...fallback]) {
      expect(outcome.outcome).toBe('issued');
      const record = (await t.store.getClient(outcome.username))!.value;
      const certificate = new X509Certificate(record.certificatePem);
      expect(certificate.serialNumber.toLowerCase()).toBe(record.serial);
      expect(certificate.verify(new X509Certificate(record.caCertificatePem).publicKey)).toBe(true);
      expect(certificate.subject).toBe(`CN=${outcome.username}`);
    }
  });
});
