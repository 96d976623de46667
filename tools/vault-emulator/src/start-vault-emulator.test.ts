import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultEmulator, type VaultEmulator } from './start-vault-emulator.js';

let vault: VaultEmulator;

async function call(method: string, path: string, options: { token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? vault.rootToken : options.token;
  if (token !== null) headers['X-Vault-Token'] = token;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${vault.addr}/v1/${path}`, { method, headers, body: options.body === undefined ? null : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as any };
}

beforeAll(async () => {
  vault = await startVaultEmulator();
});
afterAll(() => vault.close());

describe('startVaultEmulator', () => {
  describe('health and seal', () => {
    it('answers sys/health 200 unsealed and 503 sealed, without a token', async () => {
      expect((await call('GET', 'sys/health', { token: null })).status).toBe(200);
      vault.seal();
      try {
        const sealed = await call('GET', 'sys/health', { token: null });
        expect(sealed.status).toBe(503);
        expect(sealed.body.sealed).toBe(true);
        const read = await call('GET', 'secret/data/anything');
        expect(read).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
      } finally {
        vault.unseal();
      }
    });
  });

  describe('authentication', () => {
    it.each([
      ['no token', null],
      ['an unknown token', 'hvs.not-a-token'],
    ])('answers 403 permission denied for %s', async (_case, token) => {
      expect(await call('GET', 'secret/data/x', { token })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    });

    it('forgets a token once its TTL has passed', async () => {
      let now = new Date('2030-01-01T00:00:00Z');
      const clocked = await startVaultEmulator({ now: () => now });
      try {
        const token = clocked.createToken(['default'], { ttlSeconds: 60 });
        const lookup = () => fetch(`${clocked.addr}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } });
        expect((await lookup()).status).toBe(200);
        now = new Date('2030-01-01T00:01:01Z');
        expect((await lookup()).status).toBe(403);
      } finally {
        await clocked.close();
      }
    });
  });

  describe('KV v2', () => {
    it('writes and reads back in the data.data / data.metadata shape', async () => {
      const write = await call('POST', 'secret/data/shape/one', { body: { data: { a: '1' } } });
      expect(write.status).toBe(200);
      expect(write.body.data).toMatchObject({ version: 1, deletion_time: '', destroyed: false, custom_metadata: null });
      const read = await call('GET', 'secret/data/shape/one');
      expect(read.status).toBe(200);
      expect(read.body.data.data).toEqual({ a: '1' });
      expect(read.body.data.metadata).toMatchObject({ version: 1, deletion_time: '', destroyed: false });
      expect(Date.parse(read.body.data.metadata.created_time)).not.toBeNaN();
    });

    it('answers 404 with an empty errors array for a missing secret', async () => {
      expect(await call('GET', 'secret/data/shape/missing')).toEqual({ status: 404, body: { errors: [] } });
    });

    it('enforces check-and-set with Vault message', async () => {
      expect((await call('POST', 'secret/data/cas/x', { body: { data: { v: '1' }, options: { cas: 0 } } })).status).toBe(200);
      const again = await call('POST', 'secret/data/cas/x', { body: { data: { v: '2' }, options: { cas: 0 } } });
      expect(again).toEqual({ status: 400, body: { errors: ['check-and-set parameter did not match the current version'] } });
      expect((await call('POST', 'secret/data/cas/x', { body: { data: { v: '2' }, options: { cas: 1 } } })).body.data.version).toBe(2);
    });

    it('requires cas when the key metadata says cas_required', async () => {
      await call('POST', 'secret/metadata/cas/required', { body: { cas_required: true } });
      const plain = await call('POST', 'secret/data/cas/required', { body: { data: { v: '1' } } });
      expect(plain).toEqual({ status: 400, body: { errors: ['check-and-set parameter required for this call'] } });
    });

    it('reads older versions, and answers 404 with metadata for deleted and destroyed ones', async () => {
      for (const v of ['1', '2', '3']) await call('POST', 'secret/data/ver/x', { body: { data: { v } } });
      expect((await call('GET', 'secret/data/ver/x?version=1')).body.data.data).toEqual({ v: '1' });
      await call('DELETE', 'secret/data/ver/x');
      const deleted = await call('GET', 'secret/data/ver/x');
      expect(deleted.status).toBe(404);
      expect(deleted.body.data.data).toBeNull();
      expect(deleted.body.data.metadata.version).toBe(3);
      expect(deleted.body.data.metadata.deletion_time).not.toBe('');
      await call('POST', 'secret/undelete/ver/x', { body: { versions: [3] } });
      expect((await call('GET', 'secret/data/ver/x')).body.data.data).toEqual({ v: '3' });
      await call('PUT', 'secret/destroy/ver/x', { body: { versions: [2] } });
      const destroyed = await call('GET', 'secret/data/ver/x?version=2');
      expect(destroyed.status).toBe(404);
      expect(destroyed.body.data.metadata.destroyed).toBe(true);
      await call('POST', 'secret/undelete/ver/x', { body: { versions: [2] } });
      expect((await call('GET', 'secret/data/ver/x?version=2')).status).toBe(404);
    });

    it('keeps max_versions versions, dropping the oldest', async () => {
      await call('POST', 'secret/metadata/max/x', { body: { max_versions: 2 } });
      for (const v of ['1', '2', '3']) await call('POST', 'secret/data/max/x', { body: { data: { v } } });
      const meta = await call('GET', 'secret/metadata/max/x');
      expect(meta.body.data).toMatchObject({ current_version: 3, oldest_version: 2, max_versions: 2 });
      expect(Object.keys(meta.body.data.versions).sort()).toEqual(['2', '3']);
      expect((await call('GET', 'secret/data/max/x?version=1')).status).toBe(404);
    });

    it('sets only the metadata fields given and validates custom_metadata as Vault does', async () => {
      await call('POST', 'secret/data/meta/x', { body: { data: { v: '1' } } });
      await call('POST', 'secret/metadata/meta/x', { body: { custom_metadata: { owner: 'alice' } } });
      await call('POST', 'secret/metadata/meta/x', { body: { max_versions: 5 } });
      const meta = await call('GET', 'secret/metadata/meta/x');
      expect(meta.body.data).toMatchObject({ custom_metadata: { owner: 'alice' }, max_versions: 5, current_version: 1 });
      expect((await call('GET', 'secret/data/meta/x')).body.data.metadata.custom_metadata).toEqual({ owner: 'alice' });
      const empty = await call('POST', 'secret/metadata/meta/x', { body: { custom_metadata: { email: '' } } });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0]).toContain('length of value for key "email" is 0');
      const tooMany = await call('POST', 'secret/metadata/meta/x', { body: { custom_metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) } });
      expect(tooMany.body.errors[0]).toContain('at most 64 keys');
    });

    it('lists keys and folders with the LIST verb and with ?list=true, 404 when empty', async () => {
      for (const p of ['list/a', 'list/b', 'list/sub/c']) await call('POST', `secret/data/${p}`, { body: { data: { v: '1' } } });
      const viaVerb = await call('LIST', 'secret/metadata/list');
      expect(viaVerb.body.data.keys).toEqual(['a', 'b', 'sub/']);
      const viaQuery = await call('GET', 'secret/metadata/list/?list=true');
      expect(viaQuery.body.data.keys).toEqual(['a', 'b', 'sub/']);
      expect(await call('LIST', 'secret/metadata/list-nothing')).toEqual({ status: 404, body: { errors: [] } });
    });

    it('removes every version and the metadata on DELETE metadata', async () => {
      await call('POST', 'secret/data/purge/x', { body: { data: { v: '1' } } });
      expect((await call('DELETE', 'secret/metadata/purge/x')).status).toBe(204);
      expect((await call('GET', 'secret/metadata/purge/x')).status).toBe(404);
      expect((await call('POST', 'secret/data/purge/x', { body: { data: { v: '2' }, options: { cas: 0 } } })).body.data.version).toBe(1);
    });

    it('keeps LIST working after a request with a body on the same keep-alive connection', async () => {
      const raw = await rawExchange([
        request('POST', '/v1/secret/data/keepalive/a', '{"data":{"v":"1"}}'),
        request('LIST', '/v1/secret/metadata/keepalive', ''),
      ]);
      expect(raw).toContain('HTTP/1.1 200');
      expect(raw).toContain('"keys":["a"]');
    });
  });

  describe('ACL enforcement', () => {
    it('tells create from update by whether the secret exists', async () => {
      vault.writePolicy('create-only', 'path "secret/data/acl/*" { capabilities = ["create"] }');
      const token = vault.createToken(['create-only']);
      expect((await call('POST', 'secret/data/acl/new', { token, body: { data: { v: '1' } } })).status).toBe(200);
      expect((await call('POST', 'secret/data/acl/new', { token, body: { data: { v: '2' } } })).status).toBe(403);
      expect((await call('GET', 'secret/data/acl/new', { token })).status).toBe(403);
    });

    it('requires sudo on sys/audit', async () => {
      vault.writePolicy('audit-read', 'path "sys/audit" { capabilities = ["read"] }');
      vault.writePolicy('audit-sudo', 'path "sys/audit" { capabilities = ["read", "sudo"] }');
      expect((await call('GET', 'sys/audit', { token: vault.createToken(['audit-read']) })).status).toBe(403);
      expect((await call('GET', 'sys/audit', { token: vault.createToken(['audit-sudo']) })).status).toBe(200);
    });

    it('answers capabilities-self per path, with the single-path field', async () => {
      vault.writePolicy('caps', 'path "secret/data/caps/*" { capabilities = ["read", "list"] }');
      const token = vault.createToken(['caps']);
      const res = await call('POST', 'sys/capabilities-self', { token, body: { paths: ['secret/data/caps/x'] } });
      expect(res.body['secret/data/caps/x']).toEqual(['list', 'read']);
      expect(res.body.capabilities).toEqual(['list', 'read']);
      const two = await call('POST', 'sys/capabilities-self', { token, body: { paths: ['secret/data/caps/x', 'secret/data/other'] } });
      expect(two.body.data).toEqual({ 'secret/data/caps/x': ['list', 'read'], 'secret/data/other': ['deny'] });
    });

    it('rejects a policy that does not parse with 400', async () => {
      const res = await call('PUT', 'sys/policies/acl/bad', { body: { policy: 'path "x" { capabilities = ["fly"] }' } });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toContain('failed to parse policy');
    });
  });

  describe('tokens', () => {
    it('creates a child token with default added, its TTL and renewability', async () => {
      vault.writePolicy('reader', 'path "secret/data/tok/*" { capabilities = ["read"] }');
      const res = await call('POST', 'auth/token/create', { body: { policies: ['reader'], ttl: '8760h', renewable: true, no_parent: true } });
      expect(res.status).toBe(200);
      expect(res.body.auth).toMatchObject({ policies: ['default', 'reader'], lease_duration: 8760 * 3600, renewable: true, orphan: true });
      const self = await call('GET', 'auth/token/lookup-self', { token: res.body.auth.client_token });
      expect(self.body.data.policies).toEqual(['default', 'reader']);
    });

    it('refuses policies beyond the parent and orphans without sudo', async () => {
      vault.writePolicy('minter', 'path "auth/token/create" { capabilities = ["update"] }');
      const token = vault.createToken(['minter']);
      const wider = await call('POST', 'auth/token/create', { token, body: { policies: ['reader'] } });
      expect(wider).toEqual({ status: 400, body: { errors: ['child policies must be subset of parent'] } });
      const orphan = await call('POST', 'auth/token/create', { token, body: { policies: ['minter'], no_parent: true } });
      expect(orphan.body.errors).toEqual(['root or sudo privileges required to create orphan token']);
    });
  });

  describe('mounts', () => {
    it('enables a KV v2 mount, reports it, and refuses a path in use', async () => {
      expect((await call('POST', 'sys/mounts/kv2', { body: { type: 'kv', options: { version: '2' } } })).status).toBe(204);
      const mounts = await call('GET', 'sys/mounts');
      expect(mounts.body['kv2/']).toMatchObject({ type: 'kv', options: { version: '2' } });
      expect(mounts.body.data['kv2/']).toMatchObject({ type: 'kv' });
      const again = await call('POST', 'sys/mounts/kv2', { body: { type: 'kv' } });
      expect(again).toEqual({ status: 400, body: { errors: ['path is already in use at kv2/'] } });
      expect((await call('POST', 'kv2/data/x', { body: { data: { v: '1' } } })).status).toBe(200);
    });
  });

  describe('faults', () => {
    it('fails the next N matching requests with the given status, then recovers', async () => {
      vault.faults.failNext(2, { status: 500, path: 'secret/data/fault' });
      expect((await call('GET', 'secret/data/fault/x')).status).toBe(500);
      expect((await call('GET', 'secret/data/other')).status).toBe(404);
      expect((await call('GET', 'secret/data/fault/x')).status).toBe(500);
      expect((await call('GET', 'secret/data/fault/x')).status).toBe(404);
      expect(vault.faults.pending()).toBe(0);
    });

    it('drops a connection before handling: nothing is applied', async () => {
      vault.faults.dropNext(1, { path: 'secret/data/drop/before' });
      await expect(call('POST', 'secret/data/drop/before', { body: { data: { v: '1' } } })).rejects.toThrow();
      expect((await call('GET', 'secret/data/drop/before')).status).toBe(404);
    });

    it('drops a connection after handling: the write is applied, the answer lost', async () => {
      vault.faults.dropNext(1, { path: 'secret/data/drop/after', after: true });
      await expect(call('POST', 'secret/data/drop/after', { body: { data: { v: '1' } } })).rejects.toThrow();
      expect((await call('GET', 'secret/data/drop/after')).body.data.data).toEqual({ v: '1' });
      expect(vault.requests.filter((r) => r.path === 'secret/data/drop/after').map((r) => r.status)).toEqual(['dropped', 200]);
    });

    it('delays matching requests', async () => {
      vault.faults.delayNext(1, 150, { path: 'secret/data/slow' });
      const started = performance.now();
      await call('GET', 'secret/data/slow');
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });
  });
});

function request(method: string, path: string, body: string): string {
  return `${method} ${path} HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${vault.rootToken}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function rawExchange(requests: string[]): Promise<string> {
  const { port } = new URL(vault.addr);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(requests.join('')));
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('utf8');
      if ((received.match(/HTTP\/1\.1 /g) ?? []).length === requests.length && received.trimEnd().endsWith('}')) {
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}
