import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpGetJson } from './http-get-json.js';
import { startBao, type BaoServer } from './start-bao.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { HttpRequestParser } from './http-request-parser.js';

describe('HttpRequestParser', () => {
  it('splits pipelined requests with Content-Length and chunked bodies, any verb, across chunk boundaries', () => {
    const parser = new HttpRequestParser();
    const wire = 'LIST /v1/secret/metadata/a HTTP/1.1\r\nHost: x\r\n\r\nPOST /v1/x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcPUT /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n1\r\n!\r\n0\r\n\r\n';
    const got = [...wire].flatMap((ch) => parser.push(Buffer.from(ch, 'latin1')));
    expect(got.map((r) => [r.method, r.target, r.body.toString()])).toEqual([
      ['LIST', '/v1/secret/metadata/a', ''],
      ['POST', '/v1/x', 'abc'],
      ['PUT', '/y', 'hi!'],
    ]);
  });

  it('refuses a malformed request line', () => {
    expect(() => new HttpRequestParser().push(Buffer.from('nonsense\r\n\r\n'))).toThrow(/malformed/);
  });
});

describe('startFaultProxy in front of bao', () => {
  let bao: BaoServer;
  let proxy: FaultProxy;
  const kv = (path: string, init: { method?: string; body?: unknown } = {}) => httpGetJson(`${proxy.addr}/v1/secret/${path}`, { token: bao.token, ...init });
  beforeAll(async () => {
    bao = await startBao();
    proxy = await startFaultProxy(bao.addr);
  });
  afterAll(async () => {
    await proxy?.close();
    await bao?.stop();
  });
  beforeEach(() => {
    proxy.clear();
    proxy.requests.length = 0;
  });

  it('forwards requests, including the LIST verb', async () => {
    expect((await kv('data/p/one', { method: 'POST', body: { data: { v: '1' } } })).status).toBe(200);
    const listed = await kv('metadata/p', { method: 'LIST' });
    expect(listed).toMatchObject({ status: 200, body: { data: { keys: ['one'] } } });
    expect(proxy.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST secret/data/p/one 200', 'LIST secret/metadata/p 200']);
  });

  it('answers 5xx itself for the next N matching requests, then forwards again', async () => {
    proxy.failNext(2, { status: 502, path: 'secret/data/p/one', method: 'GET' });
    expect((await kv('data/p/one')).status).toBe(502);
    expect((await kv('data/p/one')).body).toEqual({ errors: ['injected fault'] });
    expect((await kv('data/p/one')).status).toBe(200);
  });

  it('drops a request before forwarding it: nothing is written', async () => {
    proxy.dropNext(1, { path: 'secret/data/p/never', method: 'POST' });
    await expect(kv('data/p/never', { method: 'POST', body: { data: { v: '1' } } })).rejects.toThrow();
    expect((await kv('data/p/never')).status).toBe(404);
  });

  it('loses the answer of a write it forwarded: the write happened', async () => {
    proxy.dropNext(1, { path: 'secret/data/p/lost', method: 'POST', after: true });
    await expect(kv('data/p/lost', { method: 'POST', body: { data: { v: '1' } } })).rejects.toThrow();
    expect((await kv('data/p/lost')).body).toMatchObject({ data: { metadata: { version: 1 } } });
    expect(proxy.requests[0]).toMatchObject({ method: 'POST', status: 'dropped', action: 'dropped-after' });
  });

  it('delays a request, and idle() resolves once it has landed', async () => {
    proxy.delayNext(1, 300, { path: 'secret/data/p/late' });
    const started = Date.now();
    void kv('data/p/late', { method: 'POST', body: { data: { v: '1' } } });
    await new Promise((r) => setTimeout(r, 20));
    await proxy.idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await httpGetJson(`${bao.addr}/v1/secret/data/p/late`, { token: bao.token })).status).toBe(200);
  });
});
