import { createServer, connect, type AddressInfo } from 'node:net';
import { startBao, startFaultProxy, type BaoServer, type FaultProxy } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caRecordOf, clientRecordOf, crlRecordOf, makeSampleCa, makeVaultTlsMaterial } from '../testing/index.js';
import { PkiStore } from '../pki-store.js';
import { bootstrapVault } from '../bootstrap/bootstrap-vault.js';
import { lookupTokenByAccessor } from '../bootstrap/token-info.js';
import { VaultClient } from './vault-client.js';
import { VaultKvBackend } from './vault-kv-backend.js';
import { LeanVaultKvBackend } from './lean-vault-kv-backend.js';
import { loginToVault } from './vault-login.js';
import { leanLoginToVault } from './lean-vault-login.js';
import type { VaultKvBackendOptions } from './vault-kv-backend-core.js';

/**
 * The lean client (node:https) against the node-vault one, on a real OpenBao: for every call the daemon makes
 * (the `ca` and `crl` records, the inventory LIST and metadata reads, lookup-accessor, a login) and every way it
 * fails (403, 404, no mount, sealed 503, connection refused, a CA not trusted, the wrong scheme, a timeout, 5xx),
 * both give the same result, or an error of the same class, code, message, status and details.
 */
const ROOT = 'LEAN-ROOT-TOKEN-0123456789';

let bao: BaoServer;
let tls: BaoServer;
let proxy: FaultProxy;
let tlsCa: string;
let verifierToken: string;
let accessor: string;

const clients = {
  'node-vault': (o: VaultKvBackendOptions) => new VaultKvBackend(o),
  lean: (o: VaultKvBackendOptions) => new LeanVaultKvBackend(o),
};
const logins = { 'node-vault': loginToVault, lean: leanLoginToVault };
type Kind = keyof typeof clients;

const options = (addr: string, token: string, extra: Partial<VaultKvBackendOptions> = {}): VaultKvBackendOptions => ({
  addr,
  token,
  retries: 1,
  retryBaseDelayMs: 1,
  requestTimeoutMs: 2000,
  tokenRenewal: false,
  ...extra,
});

/** What a call gave: its value, or what its error says of itself (class, code, message, status, details). */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await run() };
  } catch (error) {
    const e = error as Error & { code?: unknown; status?: unknown; details?: unknown; isRetryable?: unknown; attempts?: unknown };
    return { error: e.constructor.name, code: e.code, message: e.message, status: e.status, details: e.details, isRetryable: e.isRetryable, attempts: e.attempts };
  }
}

/** The same call through both clients, one after the other: both outcomes, for `toEqual`. */
async function both(run: (kind: Kind) => Promise<unknown>): Promise<{ 'node-vault': unknown; lean: unknown }> {
  return { 'node-vault': await outcome(() => run('node-vault')), lean: await outcome(() => run('lean')) };
}

/** Reads what the daemon reads each cycle, as collectVaultObservation does. */
async function observe(store: PkiStore): Promise<unknown> {
  const [ca, crl] = await Promise.all([store.getCa(), store.getCrl()]);
  const inventory: unknown[] = [];
  for await (const entry of store.listInventory({ pageSize: 2 })) inventory.push(entry);
  return { ca, crl, inventory };
}

beforeAll(async () => {
  const material = await makeVaultTlsMaterial();
  tlsCa = material.caCertPem;
  [bao, tls] = await Promise.all([startBao({ rootToken: ROOT }), startBao({ rootToken: ROOT, tls: material })]);
  proxy = await startFaultProxy(bao.addr);
  await bootstrapVault(new VaultClient({ addr: bao.addr, token: ROOT }), { esoToken: false });
  const admin = new PkiStore(new VaultKvBackend(options(bao.addr, ROOT)));
  const ca = await makeSampleCa('Lean CA');
  await admin.putCa(caRecordOf([ca]), { cas: 0 });
  await admin.putCrl(crlRecordOf(ca), { cas: 0 });
  for (const username of ['alice', 'bob', 'carol', 'dave', 'erin']) await admin.putClient(clientRecordOf(username, ca), { cas: 0 });
  verifierToken = (await bao.cli(['token', 'create', '-policy=mtlsctl-verifier', '-no-default-policy', '-field=token'])).trim();
  accessor = (await bao.cli(['token', 'create', '-policy=default', '-ttl=1h', '-field=token_accessor'])).trim();
  await new VaultKvBackend(options(tls.addr, ROOT, { caCert: tlsCa })).write('tls', { v: '1' });
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await Promise.all([bao?.stop(), tls?.stop()]);
});

describe('LeanVaultKvBackend and VaultKvBackend', () => {
  it("read the same records with the verifier's token: ca, crl, the inventory (LIST + metadata), a missing path", async () => {
    const seen = await both(async (kind) => {
      const backend = clients[kind](options(bao.addr, verifierToken));
      return { ...((await observe(new PkiStore(backend))) as object), missing: await backend.readMetadata('clients/nobody') };
    });
    expect(seen.lean).toEqual(seen['node-vault']);
    const value = (seen.lean as { value: { inventory: Array<{ username: string }>; ca: unknown; missing: unknown } }).value;
    expect(value.inventory.map((e) => e.username)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(value.ca).toBeDefined();
    expect(value.missing).toBeUndefined();
  });

  it('look up a token by its accessor alike (auth/token/lookup-accessor)', async () => {
    const seen = await both((kind) => lookupTokenByAccessor(clients[kind](options(bao.addr, verifierToken)).client, accessor));
    expect(seen.lean).toEqual(seen['node-vault']);
    expect((seen.lean as { value: { expireTime?: string } }).value.expireTime).toMatch(/^\d{4}-/);
  });

  it.each<[string, (kind: Kind) => Promise<unknown>, string, RegExp]>([
    ['403: a client record the verifier policy does not grant', (kind) => clients[kind](options(bao.addr, verifierToken)).read('clients/alice'), 'VAULT_PERMISSION_DENIED', /denied GET secret\/data\/pki\/clients\/alice/],
    ['403: an unknown token', (kind) => clients[kind](options(bao.addr, 'not-a-token')).readMetadata('ca'), 'VAULT_PERMISSION_DENIED', /denied GET secret\/metadata\/pki\/ca/],
    ['400: lookup-accessor of an unknown accessor', (kind) => lookupTokenByAccessor(clients[kind](options(bao.addr, verifierToken)).client, 'no-such-accessor'), 'VAULT_REQUEST_FAILED', /HTTP 400[\s\S]*invalid accessor/],
    ['404: nothing mounted there', (kind) => clients[kind](options(bao.addr, ROOT, { mount: 'nosuch' })).read('ca'), 'VAULT_MOUNT_MISMATCH', /no KV v2 mount at nosuch\//],
    ['connection refused', (kind) => clients[kind](options('http://127.0.0.1:9', verifierToken)).read('ca'), 'VAULT_REQUEST_FAILED', /ECONNREFUSED/],
    ['a CA not trusted (no VAULT_CACERT)', (kind) => clients[kind](options(tls.addr, ROOT)).read('tls'), 'VAULT_REQUEST_FAILED', /TLS verification failed/],
    ['a CA not trusted (the wrong VAULT_CACERT)', async (kind) => clients[kind](options(tls.addr, ROOT, { caCert: (await makeVaultTlsMaterial()).caCertPem })).read('tls'), 'VAULT_REQUEST_FAILED', /TLS verification failed/],
    ['http:// to a TLS listener', (kind) => clients[kind](options(tls.addr.replace('https:', 'http:'), ROOT)).read('tls'), 'STORE_CONFIG_INVALID', /is plain http, but the server there speaks TLS/],
    ['https:// to a plain listener', (kind) => clients[kind](options(bao.addr.replace('http:', 'https:'), ROOT)).read('ca'), 'STORE_CONFIG_INVALID', /is https, but the server there speaks plain HTTP/],
    ['500 after the retries', (kind) => {
      proxy.failNext(2, { status: 500, path: 'secret/data/pki/ca' });
      return clients[kind](options(proxy.addr, verifierToken)).read('ca');
    }, 'VAULT_REQUEST_FAILED', /after 2 attempts: HTTP 500/],
    ['a timeout', (kind) => {
      proxy.delayNext(2, 400, { path: 'secret/data/pki/crl' });
      return clients[kind](options(proxy.addr, verifierToken, { requestTimeoutMs: 100 })).read('crl');
    }, 'VAULT_REQUEST_FAILED', /after 2 attempts: no answer within 100 ms/],
  ])('fail alike on %s', async (_, run, code, message) => {
    const seen = await both(run);
    await proxy.idle();
    expect(seen.lean).toEqual(seen['node-vault']);
    expect(seen.lean).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('fail alike while Vault is sealed (503), and read again once unsealed', async () => {
    await bao.seal();
    let sealed: Awaited<ReturnType<typeof both>>;
    try {
      sealed = await both((kind) => clients[kind](options(bao.addr, verifierToken)).read('ca'));
    } finally {
      await bao.unseal();
    }
    expect(sealed.lean).toEqual(sealed['node-vault']);
    expect(sealed.lean).toMatchObject({ error: 'VaultSealedError', code: 'VAULT_SEALED', status: 503 });
    const again = await both(async (kind) => (await clients[kind](options(bao.addr, verifierToken)).read('ca'))?.version);
    expect(again.lean).toEqual({ value: 1 });
    expect(again.lean).toEqual(again['node-vault']);
  });

  it('trust the CA of VAULT_CACERT, and skip verification only when told to', async () => {
    const seen = await both(async (kind) => [
      (await clients[kind](options(tls.addr, ROOT, { caCert: tlsCa })).read('tls'))?.data,
      (await clients[kind](options(tls.addr, ROOT, { skipVerify: true })).read('tls'))?.data,
    ]);
    expect(seen.lean).toEqual({ value: [{ v: '1' }, { v: '1' }] });
    expect(seen.lean).toEqual(seen['node-vault']);
  });

  it('send the namespace header: the lean client reads what was written in that OpenBao namespace', async () => {
    await bao.cli(['namespace', 'create', 'team-lean']);
    await bao.cli(['secrets', 'enable', '-ns=team-lean', '-path=secret', '-version=2', 'kv']);
    await new VaultKvBackend(options(bao.addr, ROOT, { namespace: 'team-lean' })).write('only-here', { v: 'ns' });
    const seen = await both(async (kind) => [
      (await clients[kind](options(bao.addr, ROOT, { namespace: 'team-lean' })).read('only-here'))?.data,
      await clients[kind](options(bao.addr, ROOT)).read('only-here'),
    ]);
    expect(seen.lean).toEqual({ value: [{ v: 'ns' }, undefined] });
    expect(seen.lean).toEqual(seen['node-vault']);
  });

  it('reuse keep-alive connections: two cycles of reads over at most two sockets', async () => {
    // A TCP pass-through to bao that counts the connections it accepts.
    let accepted = 0;
    const counter = createServer((socket) => {
      accepted++;
      const upstream = connect(Number(new URL(bao.addr).port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
    try {
      const store = new PkiStore(new LeanVaultKvBackend(options(`http://127.0.0.1:${(counter.address() as AddressInfo).port}`, verifierToken)), { inventoryConcurrency: 1 });
      // sys/leader once; per cycle ca and crl (at the same time: two sockets), the LIST and five metadata reads
      await observe(store);
      await observe(store);
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThanOrEqual(2);
    } finally {
      counter.close();
    }
  });
});

describe('leanLoginToVault and loginToVault', () => {
  it('log in alike (AppRole: the same path the daemon takes for Kubernetes auth), and are refused alike', async () => {
    await bao.cli(['auth', 'enable', 'approle']);
    await bao.cli(['write', 'auth/approle/role/lean', 'token_policies=mtlsctl-verifier', 'token_ttl=10m']);
    const roleId = (await bao.cli(['read', '-field=role_id', 'auth/approle/role/lean/role-id'])).trim();
    const secretIds = [(await bao.cli(['write', '-f', '-field=secret_id', 'auth/approle/role/lean/secret-id'])).trim(), (await bao.cli(['write', '-f', '-field=secret_id', 'auth/approle/role/lean/secret-id'])).trim()];
    let i = 0;
    const good = await both(async (kind) => {
      const login = await logins[kind]({ addr: bao.addr }, { kind: 'approle', roleId, secretId: secretIds[i++] as string });
      const read = await clients[kind](options(bao.addr, login.token)).read('ca');
      return { policies: login.policies, ttlSeconds: login.ttlSeconds, renewable: login.renewable, accessor: login.accessor !== '', ca: read?.version };
    });
    expect(good.lean).toEqual({ value: { policies: ['default', 'mtlsctl-verifier'], ttlSeconds: 600, renewable: true, accessor: true, ca: 1 } });
    expect(good.lean).toEqual(good['node-vault']);
    const refused = await both((kind) => logins[kind]({ addr: bao.addr }, { kind: 'approle', roleId, secretId: 'wrong-secret-id' }));
    expect(refused.lean).toMatchObject({ code: 'VAULT_PERMISSION_DENIED', status: 403 });
    expect(refused.lean).toEqual(refused['node-vault']);
    expect(JSON.stringify(refused.lean)).not.toContain('wrong-secret-id');
  });
});
