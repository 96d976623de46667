import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { makeTempDir, openssl } from '@mtlsctl/peers';
import { startVaultEmulator, type VaultEmulator } from '@mtlsctl/vault-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultKvBackend } from './vault-kv-backend.js';
import { VaultClient, type VaultHttpTransport } from './vault-client.js';
import { StoreConfigError } from '../errors/store-config-error.js';

const TOKEN = 'hvs.KNOWN-SECRET-TOKEN-0123456789';

let plain: VaultEmulator;
let tls: VaultEmulator;
let tlsCert: string;

beforeAll(async () => {
  const dir = await makeTempDir('mtlsctl-vault-tls-');
  try {
    const [key, cert] = [join(dir.path, 'key.pem'), join(dir.path, 'cert.pem')];
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2']);
    tlsCert = await readFile(cert, 'utf8');
    [plain, tls] = await Promise.all([startVaultEmulator({ rootToken: TOKEN }), startVaultEmulator({ rootToken: TOKEN, tls: { key: await readFile(key, 'utf8'), cert: tlsCert } })]);
  } finally {
    await dir.remove();
  }
});
afterAll(() => Promise.all([plain.close(), tls.close()]));

const kvOn = (addr: string, extra: Partial<ConstructorParameters<typeof VaultKvBackend>[0]> = {}) =>
  new VaultKvBackend({ addr, token: TOKEN, prefix: 'leak', retries: 1, retryBaseDelayMs: 1, requestTimeoutMs: 1000, ...extra });

/** Every way an error can end up in a log: message, stack, JSON, and util.inspect with causes. */
function everyRendering(error: unknown): string {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })].join('\n');
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('VaultClient', () => {
  describe('never lets the token into an error', () => {
    it.each<[string, () => Promise<unknown>]>([
      ['403 permission denied', async () => {
        const weak = plain.createToken([]);
        return new VaultKvBackend({ addr: plain.addr, token: weak, prefix: 'leak', retries: 0 }).read('ca').catch((e: unknown) => {
          expect(everyRendering(e)).not.toContain(weak);
          throw e;
        });
      }],
      ['500 after retries', async () => {
        plain.faults.failNext(5, { status: 500, path: 'secret/data/leak/x' });
        return kvOn(plain.addr).read('x');
      }],
      ['503 sealed', async () => {
        plain.seal();
        return kvOn(plain.addr).read('x').finally(() => plain.unseal());
      }],
      ['a check-and-set conflict', async () => {
        const kv = kvOn(plain.addr);
        await kv.write('cas', { v: '1' }, { cas: 0 }).catch(() => undefined);
        return kv.write('cas', { v: '2' }, { cas: 0 });
      }],
      ['a refused custom metadata', async () => kvOn(plain.addr).writeMetadata('x', { customMetadata: { empty: '' } })],
      ['a refused connection', async () => kvOn('http://127.0.0.1:9').read('x')],
      ['a timeout', async () => {
        plain.faults.delayNext(2, 300, { path: 'secret/data/leak/slow' });
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
      const error = await failure(run);
      expect(error).toBeInstanceOf(Error);
      expect(everyRendering(error)).not.toContain(TOKEN);
    });
  });

  it('says what to do when the address or token is missing or malformed', () => {
    expect(() => new VaultClient({ addr: '', token: TOKEN })).toThrow(/VAULT_ADDR is not set: pass --vault-addr or export VAULT_ADDR/);
    expect(() => new VaultClient({ addr: 'vault:8200', token: TOKEN })).toThrow(/not http\(s\)|not a URL/);
    expect(() => new VaultClient({ addr: 'https://v:8200', token: '' })).toThrow(StoreConfigError);
  });

  it('verifies Vault over https with the CA from VAULT_CACERT, and fails clearly without it', async () => {
    await kvOn(tls.addr, { caCert: tlsCert }).write('tls', { v: '1' });
    expect((await kvOn(tls.addr, { caCert: tlsCert }).read('tls'))?.data).toEqual({ v: '1' });
    const error = await failure(() => kvOn(tls.addr, { retries: 3 }).read('tls'));
    expect(error).toMatchObject({ isRetryable: false, attempts: 1 });
    expect((error as Error).message).toMatch(/TLS verification failed .*VAULT_CACERT/);
  });

  it('skips verification only when told to (VAULT_SKIP_VERIFY)', async () => {
    expect((await kvOn(tls.addr, { skipVerify: true }).read('tls'))?.data).toEqual({ v: '1' });
  });

  it('sends the token and namespace headers, and works through a replacement transport', async () => {
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
    expect(seen[0]).toMatchObject({ method: 'POST', url: `${plain.addr}/v1/secret/data/leak/via-transport` });
    expect(seen[0]?.headers['X-Vault-Token']).toBe(TOKEN);
    expect(seen[0]?.headers['X-Vault-Namespace']).toBe('team-a');
    expect(plain.requests.find((r) => r.path === 'secret/data/leak/via-transport')?.namespace).toBe('team-a');
  });

  it('percent-encodes path segments', async () => {
    const kv = kvOn(plain.addr);
    await kv.write('clients/ana maría?#', { v: '1' });
    expect(plain.requests.at(-1)?.path).toBe('secret/data/leak/clients/ana maría?#');
    expect((await kv.list('clients/')).keys).toContain('ana maría?#');
  });
});
