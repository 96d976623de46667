import { inspect } from 'node:util';
import { startBao, startFaultProxy, type BaoServer, type FaultProxy } from '@mtlsctl/peers';
import { rejection } from '@mtlsctl/errors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVaultTlsMaterial } from '../testing/index.js';
import { VaultKvBackend } from './vault-kv-backend.js';
import { VaultClient, type VaultHttpTransport } from './vault-client.js';
import { StoreConfigError } from '../errors/store-config-error.js';

// OpenBao refuses a custom token ID with a reserved prefix (hvs., s., …): a plain one.
const TOKEN = 'KNOWN-SECRET-TOKEN-0123456789';

let bao: BaoServer;
let tls: BaoServer;
/** A fault proxy in front of `bao`: what the client really sent, and faults on demand. */
let plain: FaultProxy;
let tlsCert: string;

beforeAll(async () => {
  // One plain server and one whose TLS certificate pki-core issued: VAULT_CACERT is proven for real.
  const material = await makeVaultTlsMaterial();
  tlsCert = material.caCertPem;
  [bao, tls] = await Promise.all([startBao({ rootToken: TOKEN }), startBao({ rootToken: TOKEN, tls: material })]);
  plain = await startFaultProxy(bao.addr);
});
afterAll(async () => {
  await plain?.close();
  await Promise.all([bao?.stop(), tls?.stop()]);
});

const kvOn = (addr: string, extra: Partial<ConstructorParameters<typeof VaultKvBackend>[0]> = {}) =>
  new VaultKvBackend({ addr, token: TOKEN, prefix: 'leak', retries: 1, retryBaseDelayMs: 1, requestTimeoutMs: 1000, tokenRenewal: false, ...extra });

/** Every way an error can end up in a log: message, stack, JSON, and util.inspect with causes. */
function everyRendering(error: unknown): string {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })].join('\n');
}


describe('VaultClient', () => {
  describe('never lets the token into an error', () => {
    it.each<[string, () => Promise<unknown>]>([
      ['403 permission denied', async () => {
        const weak = (await bao.cli(['token', 'create', '-policy=default', '-field=token'])).trim();
        return new VaultKvBackend({ addr: plain.addr, token: weak, prefix: 'leak', retries: 0 }).read('ca').catch((e: unknown) => {
          expect(everyRendering(e)).not.toContain(weak);
          throw e;
        });
      }],
      ['500 after retries', async () => {
        plain.failNext(5, { status: 500, path: 'secret/data/leak/x' });
        return kvOn(plain.addr).read('x');
      }],
      ['503 sealed', async () => {
        await bao.seal();
        return kvOn(plain.addr).read('x').finally(() => bao.unseal());
      }],
      ['a check-and-set conflict', async () => {
        const kv = kvOn(plain.addr);
        await kv.write('cas', { v: '1' }, { cas: 0 }).catch(() => undefined);
        return kv.write('cas', { v: '2' }, { cas: 0 });
      }],
      ['a refused custom metadata', async () => kvOn(plain.addr).writeMetadata('x', { customMetadata: { empty: '' } })],
      ['a refused connection', async () => kvOn('http://127.0.0.1:9').read('x')],
      ['a timeout', async () => {
        plain.delayNext(2, 300, { path: 'secret/data/leak/slow' });
        return kvOn(plain.addr, { requestTimeoutMs: 50 }).read('slow');
      }],
      ['a TLS verification failure', async () => kvOn(tls.addr).read('x')],
      ['a transport that echoes the token', async () => {
        const echo: VaultHttpTransport = async (request) => {
          throw new Error(`socket closed while sending X-Vault-Token: ${request.headers['X-Vault-Token']}`);
        };
        return kvOn(plain.addr, { http: echo }).read('x');
      }],
      ['a missing address', async () => new VaultKvBackend({ addr: '', token: TOKEN })],
    ])('%s', async (_case, run) => {
      const error = await rejection(run);
      expect(error).toBeInstanceOf(Error);
      expect(everyRendering(error)).not.toContain(TOKEN);
    });
  });

  it('says what to do when the address or token is missing or malformed', () => {
    expect(() => new VaultClient({ addr: '', token: TOKEN })).toThrow(/VAULT_ADDR is not set: pass --vault-addr or export VAULT_ADDR/);
    expect(() => new VaultClient({ addr: 'vault:8200', token: TOKEN })).toThrow(/not http\(s\)|not a URL/);
    expect(() => new VaultClient({ addr: 'https://v:8200', token: '' })).toThrow(StoreConfigError);
    expect(() => new VaultClient({ addr: 'https://v:8200', token: '' })).toThrow(/export VAULT_TOKEN or BAO_TOKEN .*`bao login`/);
    expect(() => new VaultClient({ addr: '', token: TOKEN, sources: { addr: 'BAO_ADDR' } })).toThrow(/BAO_ADDR is set but empty, and it wins over VAULT_ADDR/);
    expect(() => new VaultClient({ addr: 'bao:8200', token: TOKEN, sources: { addr: 'BAO_ADDR' } })).toThrow(/^BAO_ADDR "bao:8200" is not/);
  });

  it('verifies Vault over https with the CA from VAULT_CACERT, and fails clearly without it', async () => {
    await kvOn(tls.addr, { caCert: tlsCert }).write('tls', { v: '1' });
    expect((await kvOn(tls.addr, { caCert: tlsCert }).read('tls'))?.data).toEqual({ v: '1' });
    const error = await rejection(() => kvOn(tls.addr, { retries: 3 }).read('tls'));
    expect(error).toMatchObject({ isRetryable: false, attempts: 1 });
    expect((error as Error).message).toMatch(/TLS verification failed .*VAULT_CACERT/);
  });

  it('skips verification only when told to (VAULT_SKIP_VERIFY)', async () => {
    expect((await kvOn(tls.addr, { skipVerify: true }).read('tls'))?.data).toEqual({ v: '1' });
  });

  it('sends the token and namespace headers (the write lands in that OpenBao namespace), and works through a replacement transport', async () => {
    await bao.cli(['namespace', 'create', 'team-a']);
    await bao.cli(['secrets', 'enable', '-ns=team-a', '-path=secret', '-version=2', 'kv']);
    const seen: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
    const transport: VaultHttpTransport = async (request) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers });
      const res = await fetch(request.url, { method: request.method === 'LIST' ? 'GET' : request.method, headers: request.headers, body: request.body === undefined ? null : JSON.stringify(request.body) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    };
    const kv = kvOn(plain.addr, { namespace: 'team-a', http: transport });
    await kv.write('via-transport', { v: '1' });
    expect((await kv.read('via-transport'))?.data).toEqual({ v: '1' });
    // First the client asks which node is active (sys/leader: a dev server is no cluster), and, before its first
    // write, whether the mount is KV v2 (in the namespace); then it writes.
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v1/sys/leader',
      'GET /v1/sys/internal/ui/mounts/secret',
      'POST /v1/secret/data/leak/via-transport',
      'GET /v1/secret/data/leak/via-transport',
    ]);
    expect(seen[1]?.headers['X-Vault-Namespace']).toBe('team-a');
    expect(seen[2]?.headers['X-Vault-Token']).toBe(TOKEN);
    expect(seen[2]?.headers['X-Vault-Namespace']).toBe('team-a');
    expect(await bao.cli(['kv', 'get', '-ns=team-a', '-field=v', 'secret/leak/via-transport'])).toBe('1');
    expect((await kvOn(bao.addr).read('via-transport'))).toBeUndefined();
  });

  it('through a standby, sends every request to the active node sys/leader names, and waits out an election', async () => {
    // A scripted cluster: `standby` names `active-1`; active-1 dies; after two refused attempts the standby names active-2.
    const hits: string[] = [];
    let leader = 'http://active-1:8200';
    const cluster: VaultHttpTransport = async ({ method, url }) => {
      const { origin, pathname } = new URL(url);
      hits.push(`${method} ${origin}${pathname}`);
      if (pathname === '/v1/sys/leader') return { status: 200, body: { ha_enabled: true, is_self: origin === leader, leader_address: leader } };
      if (origin === 'http://active-1:8200' && hits.filter((h) => h.includes('active-1') && !h.includes('leader')).length > 1) {
        if (hits.filter((h) => h.includes('refused')).length >= 1) leader = 'http://active-2:8200';
        hits.push('refused');
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }
      return { status: 200, body: { data: { data: { v: origin }, metadata: { version: 1, created_time: '' } } } };
    };
    const kv = new VaultKvBackend({ addr: 'http://standby:8200', token: TOKEN, prefix: 'ha', http: cluster, retries: 0, retryBaseDelayMs: 1, sleep: async () => undefined, tokenRenewal: false });
    expect((await kv.read('x'))?.data).toEqual({ v: 'http://active-1:8200' });
    expect((await kv.read('x'))?.data).toEqual({ v: 'http://active-2:8200' });
    expect(kv.client.target).toBe('http://active-2:8200');
    expect(hits.filter((h) => h.endsWith('/secret/data/ha/x')).every((h) => !h.includes('standby'))).toBe(true);
  });

  it('talks to the configured node only when it is not an HA standby, or when told not to follow the leader', async () => {
    const hits: string[] = [];
    const single: VaultHttpTransport = async ({ url }) => {
      hits.push(new URL(url).pathname);
      return new URL(url).pathname === '/v1/sys/leader' ? { status: 200, body: { ha_enabled: true, is_self: false, leader_address: 'http://elsewhere:8200' } } : { status: 404, body: { errors: [] } };
    };
    const pinned = new VaultKvBackend({ addr: 'http://standby:8200', token: TOKEN, prefix: 'ha', http: single, followLeader: false, tokenRenewal: false });
    expect(await pinned.read('x')).toBeUndefined();
    expect(pinned.client.target).toBe('http://standby:8200');
    // The 404 makes it check once that the mount is KV v2 (a KV v1 mount answers 404 for every data/ path).
    expect(hits).toEqual(['/v1/secret/data/ha/x', '/v1/sys/internal/ui/mounts/secret']);
    const dev = new VaultKvBackend({ addr: bao.addr, token: TOKEN, prefix: 'ha' });
    expect(await dev.read('x')).toBeUndefined();
    expect(dev.client.target).toBe(bao.addr);
  });

  it('percent-encodes path segments', async () => {
    const kv = kvOn(plain.addr);
    await kv.write('clients/ana maría?#', { v: '1' });
    expect(plain.requests.at(-1)?.path).toBe('secret/data/leak/clients/ana maría?#');
    expect((await kv.list('clients/')).keys).toContain('ana maría?#');
  });
});
