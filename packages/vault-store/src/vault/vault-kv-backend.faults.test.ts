import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startBao, startFaultProxy, type BaoServer, type FaultProxy } from '@mtlsctl/peers';
import { VaultKvBackend } from './vault-kv-backend.js';
import { PkiStore } from '../pki-store.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { VaultError } from '../errors/vault-error.js';
import { VaultSealedError } from '../errors/vault-sealed-error.js';
import { clientRecordOf, makeSampleCa, uniquePrefix, type SampleCa } from '../testing/index.js';
import { renderVerifierPolicy } from '../bootstrap/render-policies.js';
import { vaultLayout } from '../vault-layout.js';
import { VaultClient } from './vault-client.js';

let bao: BaoServer;
let vault: FaultProxy;
let prefix: string;
let kv: VaultKvBackend;
let ca: SampleCa;

const backend = (options: Partial<ConstructorParameters<typeof VaultKvBackend>[0]> = {}) =>
  new VaultKvBackend({ addr: vault.addr, token: bao.token, prefix, retries: 3, retryBaseDelayMs: 1, requestTimeoutMs: 2000, ...options });

/** The requests the proxy saw for one store path of this test, as `METHOD area status`. */
const seen = (path: string) =>
  vault.requests.filter((r) => r.path.endsWith(`/${prefix}/${path}`)).map((r) => `${r.method} ${r.path.split('/')[1]} ${r.status}`);

beforeAll(async () => {
  [bao, ca] = await Promise.all([startBao(), makeSampleCa('faults CA')]);
  vault = await startFaultProxy(bao.addr);
});
afterAll(async () => {
  await vault?.close();
  await bao?.stop();
});
beforeEach(() => {
  vault.clear();
  prefix = uniquePrefix();
  kv = backend();
});

describe('VaultKvBackend under faults (a fault-injecting proxy in front of OpenBao)', () => {
  it.each([500, 502, 429, 503])('retries a read after two %i answers and succeeds', async (status) => {
    await kv.write('r', { v: '1' });
    vault.failNext(2, { status, path: `secret/data/${prefix}/r`, method: 'GET' });
    expect((await kv.read('r'))?.data).toEqual({ v: '1' });
    expect(seen('r').filter((s) => s.startsWith('GET'))).toEqual([`GET data ${status}`, `GET data ${status}`, 'GET data 200']);
  });

  it('gives up after the configured retries with a retryable VaultError', async () => {
    vault.failNext(10, { status: 500, path: `secret/data/${prefix}/gone` });
    const error = await kv.read('gone').catch((e: unknown) => e);
    expect(VaultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, attempts: 4, isRetryable: true, kind: 'upstream' });
    expect((error as Error).message).toContain('after 4 attempts');
  });

  it('says the Vault is sealed, and how to fix it (bao operator seal)', async () => {
    await bao.seal();
    try {
      const error = await kv.read('x').catch((e: unknown) => e);
      expect(VaultSealedError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/is sealed: unseal it/);
    } finally {
      await bao.unseal();
    }
  });

  it('does not call a 503 that is not a seal "sealed" (a standby without a leader, an overloaded proxy)', async () => {
    vault.failNext(10, { status: 503, errors: ['local node not active but active cluster node not found'], path: `secret/data/${prefix}/standby` });
    const error = await kv.read('standby').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, attempts: 4, isRetryable: true });
    expect((error as Error).message).toMatch(/is unavailable \(503: local node not active/);
    expect((error as Error).message).not.toMatch(/sealed/);
  });

  it('never retries a 4xx', async () => {
    vault.failNext(1, { status: 400, errors: ['bad things'], path: `secret/data/${prefix}/four` });
    const error = await kv.read('four').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, attempts: 1, isRetryable: false });
    expect(seen('four')).toEqual(['GET data 400']);
  });

  it('names the path, the capability and the policy on 403, without retrying', async () => {
    const reader = (await bao.cli(['token', 'create', '-policy=default', '-field=token'])).trim();
    const denied = backend({ token: reader });
    const error = await denied.read('ca-key').catch((e: unknown) => e);
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'denied', capability: 'read', path: `secret/data/${prefix}/ca-key` });
    expect((error as Error).message).toContain('mtlsctl-admin');
    expect(seen('ca-key')).toEqual(['GET data 403']);
  });

  it('does not retry a write without cas (it could apply twice)', async () => {
    vault.failNext(1, { status: 500, path: `secret/data/${prefix}/plain`, method: 'POST' });
    await expect(kv.write('plain', { v: '1' })).rejects.toMatchObject({ status: 500, attempts: 1 });
    expect(seen('plain')).toEqual(['POST data 500']);
  });

  it('completes a cas write whose answer was lost, without writing it twice', async () => {
    vault.dropNext(1, { path: `secret/data/${prefix}/lost`, method: 'POST', after: true });
    expect(await kv.write('lost', { v: '1' }, { cas: 0 })).toBe(1);
    expect((await kv.readMetadata('lost'))?.currentVersion).toBe(1);
    expect(seen('lost').slice(0, 2)).toEqual(['POST data dropped', 'GET data 200']);
    expect(seen('lost').filter((s) => s.startsWith('POST'))).toHaveLength(1);
  });

  it('resends a cas write that never arrived', async () => {
    vault.dropNext(1, { path: `secret/data/${prefix}/never`, method: 'POST' });
    expect(await kv.write('never', { v: '1' }, { cas: 0 })).toBe(1);
    expect(seen('never')).toEqual(['POST data dropped', 'GET data 404', 'POST data 200']);
  });

  it('survives a cas write that times out and lands late: one version, no double apply', async () => {
    const slowKv = backend({ requestTimeoutMs: 150 });
    vault.delayNext(1, 400, { path: `secret/data/${prefix}/late`, method: 'POST' });
    expect(await slowKv.write('late', { v: 'once' }, { cas: 0 })).toBe(1);
    await vault.idle(); // the delayed first attempt has now reached bao and been answered
    const meta = await kv.readMetadata('late');
    expect(meta?.currentVersion).toBe(1);
    expect((await kv.read('late'))?.data).toEqual({ v: 'once' });
  });

  it('reports a conflict when someone else wrote meanwhile, even across a lost answer', async () => {
    await kv.write('race', { v: 'theirs' }, { cas: 0 });
    vault.failNext(1, { status: 502, path: `secret/data/${prefix}/race`, method: 'POST' });
    await expect(kv.write('race', { v: 'mine' }, { cas: 0 })).rejects.toMatchObject({ code: 'RECORD_CAS_CONFLICT' });
    expect((await kv.read('race'))?.data).toEqual({ v: 'theirs' });
  });

  it('retries a refused connection even for a write without cas, then fails clearly', async () => {
    const addr = `http://127.0.0.1:${await freePort()}`;
    const gone = new VaultKvBackend({ addr, token: 'hvs.x', prefix, retries: 2, retryBaseDelayMs: 1 });
    const error = await gone.write('x', { v: '1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: undefined, attempts: 3, isRetryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('leaves a client readable, and its missing inventory loudly repairable, when the inventory write keeps failing', async () => {
    const store = new PkiStore(kv);
    vault.failNext(4, { status: 500, path: `secret/metadata/${prefix}/clients/erin`, method: 'POST' });
    await expect(store.putClient(clientRecordOf('erin', ca), { cas: 0 })).rejects.toMatchObject({ code: 'RECORD_INVENTORY_WRITE_FAILED', cause: { status: 500 } });
    expect((await store.getClient('erin'))?.version).toBe(1);
    await expect(store.getClientInventory('erin')).rejects.toMatchObject({ code: 'RECORD_CORRUPT', field: 'custom_metadata' });
    await store.repairClientInventory('erin');
    expect(await store.getClientInventory('erin')).toMatchObject({ version: 1, stale: false });
  });

  it('writes the inventory after transient failures of the metadata write', async () => {
    const store = new PkiStore(kv);
    vault.failNext(2, { status: 503, path: `secret/metadata/${prefix}/clients/finn`, method: 'POST' });
    expect(await store.putClient(clientRecordOf('finn', ca), { cas: 0 })).toBe(1);
    expect(await store.getClientInventory('finn')).toMatchObject({ version: 1, stale: false });
  });

  it("lists every other client with the verifier's token after one client's inventory write failed, and the admin's next listing repairs it", async () => {
    const layout = vaultLayout({ prefix });
    await new VaultClient({ addr: bao.addr, token: bao.token }).send({
      method: 'PUT',
      path: `sys/policies/acl/${layout.policies.verifier}`,
      body: { policy: renderVerifierPolicy(layout) },
      idempotent: true,
      capability: 'update',
      policyHint: 'root',
      parse: () => undefined,
    });
    const verifierToken = (await bao.cli(['token', 'create', `-policy=${layout.policies.verifier}`, '-field=token'])).trim();
    const admin = new PkiStore(kv);
    const verifier = new PkiStore(backend({ token: verifierToken }));
    await admin.putClient(clientRecordOf('gail', ca), { cas: 0 });
    await admin.putClient(clientRecordOf('hugo', ca), { cas: 0 });
    // exactly the inventory (custom metadata) requests fail: erin's record is new, hugo's is renewed
    vault.failNext(4, { status: 500, path: `secret/metadata/${prefix}/clients/erin`, method: 'POST' });
    await expect(admin.putClient(clientRecordOf('erin', ca), { cas: 0 })).rejects.toMatchObject({ code: 'RECORD_INVENTORY_WRITE_FAILED', cause: { status: 500 } });
    vault.failNext(4, { status: 500, path: `secret/metadata/${prefix}/clients/hugo`, method: 'POST' });
    await expect(admin.putClient(clientRecordOf('hugo', ca, { serial: '0badc0de' }), { cas: 1 })).rejects.toMatchObject({ code: 'RECORD_INVENTORY_WRITE_FAILED', cause: { status: 500 } });
    expect(seen('clients/erin').filter((s) => s.startsWith('POST'))).toEqual(['POST data 200', ...Array(4).fill('POST metadata 500')]);

    const unlisted: string[] = [];
    const listed: string[] = [];
    for await (const e of verifier.listInventory({ repair: true, onUnlisted: (u, reason) => unlisted.push(`${u}: ${reason}`) }))
      listed.push(`${e.username}:v${e.version}${e.stale ? ':stale' : ''}`);
    expect(listed).toEqual(['gail:v1', 'hugo:v1:stale']);
    expect(unlisted).toHaveLength(1);
    expect(unlisted[0]).toMatch(/^erin: clients\/erin holds a certificate but no inventory .*mtlsctl user list/);
    expect(unlisted[0]).not.toContain(bao.token);

    const repaired: string[] = [];
    for await (const e of admin.listInventory({ repair: true })) repaired.push(`${e.username}:v${e.version}:${e.serial}`);
    expect(repaired).toEqual([`erin:v1:${clientRecordOf('erin', ca).serial}`, `gail:v1:${clientRecordOf('gail', ca).serial}`, 'hugo:v2:0badc0de']);
    const after: string[] = [];
    for await (const e of verifier.listInventory({ repair: true, onUnlisted: (u) => after.push(`unlisted ${u}`) }))
      after.push(`${e.username}:v${e.version}${e.stale ? ':stale' : ''}`);
    expect(after).toEqual(['erin:v1', 'gail:v1', 'hugo:v2']);
  });
});
