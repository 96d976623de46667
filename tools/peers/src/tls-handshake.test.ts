import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl } from './openssl.js';
import { makeTempDir, type TempDir } from './temp-dir.js';
import { tlsHandshake } from './tls-handshake.js';

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** An openssl-made CA that issues leaf certificates (the peer under test here is Node's tls, not our PKI). */
async function makeCa(dir: TempDir, name: string) {
  const path = (file: string) => join(dir.path, `${name}-${file}`);
  await openssl(['req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-subj', `/CN=${name}`, '-days', '2']);
  const issue = async (leaf: string, serial: string, extension: string) => {
    const file = (ext: string) => path(`${leaf}.${ext}`);
    await openssl(['req', '-new', ...ec, '-keyout', file('key'), '-out', file('csr'), '-subj', `/CN=${leaf}`, '-addext', extension]);
    await openssl(['x509', '-req', '-in', file('csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-set_serial', serial, '-days', '1', '-copy_extensions', 'copyall', '-out', file('crt')]);
    return { cert: await readFile(file('crt'), 'utf8'), key: await readFile(file('key'), 'utf8') };
  };
  return { cert: await readFile(path('ca.crt'), 'utf8'), issue };
}

describe('tlsHandshake', () => {
  let dir: TempDir;
  let ca: string;
  let server: { cert: string; key: string };
  let alice: { cert: string; key: string };
  let mallory: { cert: string; key: string };

  beforeAll(async () => {
    dir = await makeTempDir();
    const trusted = await makeCa(dir, 'trusted');
    const unknown = await makeCa(dir, 'unknown');
    ca = trusted.cert;
    server = await trusted.issue('localhost', '0x20', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
    alice = await trusted.issue('alice', '0x21', 'extendedKeyUsage=clientAuth');
    mallory = await unknown.issue('mallory', '0x22', 'extendedKeyUsage=clientAuth');
  });
  afterAll(async () => dir?.remove());

  it('reports a client certificate from the trusted CA as accepted, with its CN and the protocol', async () => {
    const result = await tlsHandshake({ ca, ...alice, serverCert: server.cert, serverKey: server.key, serverCa: ca });
    expect(result).toMatchObject({ accepted: true, peerCommonName: 'alice', protocol: 'TLSv1.3' });
  });

  it('reports a client certificate from another CA as refused with the server-side reason', async () => {
    const result = await tlsHandshake({ ca, ...mallory, serverCert: server.cert, serverKey: server.key });
    expect(result).toMatchObject({ accepted: false, serverError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('reports a client without a certificate as refused', async () => {
    const result = await tlsHandshake({ ca, serverCert: server.cert, serverKey: server.key, maxVersion: 'TLSv1.2' });
    expect(result.accepted).toBe(false);
    expect(result.serverError).toMatch(/certificate/i);
  });
});
