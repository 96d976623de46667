import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestThroughHaproxy } from './haproxy-request.js';
import { HaproxyStartError, haproxyVersion, startHaproxy, type HaproxyInstance } from './haproxy-server.js';
import { openssl } from './openssl.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A self-signed CA and certificates it signs, made by the openssl CLI in `dir`. */
async function makeCa(dir: TempDir, name: string) {
  const path = (file: string) => join(dir.path, `${name}-${file}`);
  await openssl(['req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-subj', `/CN=${name}`, '-days', '2'], {
    cwd: dir.path,
  });
  const issue = async (leaf: string, serial: string, san?: string) => {
    const leafPath = (file: string) => path(`${leaf}.${file}`);
    await openssl(['req', '-new', ...ec, '-keyout', leafPath('key'), '-out', leafPath('csr'), '-subj', `/CN=${leaf}`, ...(san ? ['-addext', `subjectAltName=${san}`] : [])]);
    await openssl(['x509', '-req', '-in', leafPath('csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-set_serial', serial, '-days', '1', '-copy_extensions', 'copyall', '-out', leafPath('crt')]);
    return { cert: await readFile(leafPath('crt'), 'utf8'), key: await readFile(leafPath('key'), 'utf8') };
  };
  return { cert: await readFile(path('ca.crt'), 'utf8'), issue };
}

describe('startHaproxy', () => {
  let dir: TempDir;
  let haproxy: HaproxyInstance;
  let serverCa: string;
  let trusted: { cert: string; key: string };
  let stranger: { cert: string; key: string };

  beforeAll(async () => {
    dir = await makeTempDir();
    const ca = await makeCa(dir, 'trusted-ca');
    const unknownCa = await makeCa(dir, 'unknown-ca');
    serverCa = ca.cert;
    const server = await ca.issue('localhost', '0x10', 'DNS:localhost,IP:127.0.0.1');
    trusted = await ca.issue('alice', '0x11');
    stranger = await unknownCa.issue('mallory', '0x12');
    haproxy = await startHaproxy({ certPem: server.cert, keyPem: server.key, caFilePem: ca.cert });
  });
  afterAll(async () => {
    await haproxy?.close();
    await dir?.remove();
  });

  it('runs the Debian haproxy 2.6 the ingress tests are written against', async () => {
    expect(await haproxyVersion()).toMatch(/^2\.6\./);
  });

  it('answers 200 ok to a client certificate from the trusted CA', async () => {
    const response = await requestThroughHaproxy({ port: haproxy.port, ...trusted, ca: serverCa });
    expect(response).toEqual({ status: 200, body: 'ok' });
  });

  it('refuses a client certificate from an unknown CA at the TLS layer with an unknown-ca alert', async () => {
    const response = await requestThroughHaproxy({ port: haproxy.port, ...stranger, ca: serverCa });
    expect(response.status).toBeUndefined();
    expect(response.errorCode).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
  });

  it('refuses a client that presents no certificate', async () => {
    const response = await requestThroughHaproxy({ port: haproxy.port, ca: serverCa });
    expect(response.status).toBeUndefined();
    expect(response.tlsError).toMatch(/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/);
  });

  it('logs each request with the client serial and issuer DN as HAProxy sees them', async () => {
    await requestThroughHaproxy({ port: haproxy.port, ...trusted, ca: serverCa, path: '/logged' });
    const line = / 200 GET \/logged serial=11 issuer="\/CN=trusted-ca" verify=0/;
    for (let i = 0; i < 100 && !line.test(haproxy.logs()); i++) await sleep(20);
    expect(haproxy.logs()).toMatch(line);
  });

  it('rejects a configuration haproxy refuses, with its alert in the error', async () => {
    const start = startHaproxy({ certPem: 'not a certificate', keyPem: 'nor a key', caFilePem: serverCa });
    await expect(start).rejects.toBeInstanceOf(HaproxyStartError);
    await expect(start).rejects.toThrow(/ALERT/);
  });
});
