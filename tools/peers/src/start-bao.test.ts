import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { BaoMissingError, baoBinary } from './bao-binary.js';
import { httpGetJson } from './http-get-json.js';
import { startBao, type BaoServer } from './start-bao.js';

describe('baoBinary', () => {
  it('names the install script when bao is missing', () => {
    expect(() => baoBinary({ MTLSCTL_BAO: '/nonexistent/bao' })).toThrow(BaoMissingError);
    expect(() => baoBinary({ MTLSCTL_CACHE: '/nonexistent' })).toThrow(/scripts\/peers\/install-bao\.sh/);
  });
});

describe('startBao', () => {
  let plain: BaoServer;
  let tls: BaoServer;
  beforeAll(async () => {
    [plain, tls] = await Promise.all([startBao(), startBao({ tls: true })]);
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), tls?.stop()]);
  });

  it('serves a dev OpenBao with the known root token and KV v2 at secret/', async () => {
    expect(plain.addr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpGetJson(`${plain.addr}/v1/sys/health`);
    expect(health).toMatchObject({ status: 200, body: { initialized: true, sealed: false, version: '2.7.2' } });
    const mounts = await httpGetJson(`${plain.addr}/v1/sys/mounts`, { token: 'root' });
    expect(mounts.body).toMatchObject({ 'secret/': { type: 'kv', options: { version: '2' } } });
    expect((await httpGetJson(`${plain.addr}/v1/sys/mounts`, { token: 'wrong' })).status).toBe(403);
  });

  it('serves TLS with our certificate: verified with its CA, refused without', async () => {
    expect(tls.addr).toMatch(/^https:/);
    expect(tls.caCert).toContain('BEGIN CERTIFICATE');
    expect((await httpGetJson(`${tls.addr}/v1/sys/health`, { caCert: tls.caCert })).status).toBe(200);
    await expect(httpGetJson(`${tls.addr}/v1/sys/health`)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(await tls.cli(['kv', 'put', '-format=json', 'secret/over-tls', 'a=1'])).toContain('"version": 1');
  });

  it('seals with `bao operator seal` and unseals again', async () => {
    await plain.cli(['kv', 'put', 'secret/kept', 'v=1']);
    await plain.seal();
    const sealed = await httpGetJson(`${plain.addr}/v1/secret/data/kept`, { token: 'root' });
    expect(sealed).toMatchObject({ status: 503, body: { errors: ['Vault is sealed'] } });
    await plain.unseal();
    expect((await httpGetJson(`${plain.addr}/v1/secret/data/kept`, { token: 'root' })).body).toMatchObject({ data: { data: { v: '1' } } });
  });

  it('stops the process and frees its port', async () => {
    const short = await startBao();
    const port = Number(new URL(short.addr).port);
    await short.stop();
    expect(short.process.running()).toBe(false);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => { s.destroy(); resolve(false); });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
