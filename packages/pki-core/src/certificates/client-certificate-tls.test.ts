import { tlsHandshake } from '@mtlsctl/peers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCrl } from '../crl/build-crl.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import { KEY_TYPES, type KeyType } from '../keys/key-type.js';
import { exportPrivateKeyPem } from '../keys/private-key-pem.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { DAY } from '../test-support/fixtures.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { issueServerCertificate } from './issue-server-certificate.js';

/** Node's tls (OpenSSL 3) as the peer: a server requiring client certificates on 127.0.0.1. */
describe('issueClientCertificate with Node tls', () => {
  const now = new Date();
  const keys = new Map<KeyType, CryptoKeyPair>();
  const cas = new Map<KeyType, TestCa>();
  const servers = new Map<KeyType, { cert: string; key: string }>();
  let serverKeys: CryptoKeyPair;
  let clientP256: CryptoKeyPair;

  const client = async (ca: TestCa, pair: CryptoKeyPair, username: string, at = now) => ({
    cert: await issueClientCertificate({ username, email: `${username}@example.com`, publicKey: pair.publicKey, issuer: ca.issuer, now: at, validityDays: 30 }),
    key: await exportPrivateKeyPem(pair.privateKey),
  });

  beforeAll(async () => {
    serverKeys = await generateKeyPair('p256');
    clientP256 = await generateKeyPair('p256');
    for (const keyType of KEY_TYPES) {
      keys.set(keyType, await generateKeyPair(keyType)); // slow RSA keys once: CA key of its type, client key under the P-256 CA
      const ca = await makeTestCa(keyType, { keys: keys.get(keyType)!, now });
      cas.set(keyType, ca);
      const cert = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey: serverKeys.publicKey, issuer: ca.issuer, now });
      servers.set(keyType, { cert, key: await exportPrivateKeyPem(serverKeys.privateKey) });
    }
  });

  const handshake = (caType: KeyType, identity: { cert: string; key: string }, extra: { crl?: string; maxVersion?: 'TLSv1.2' } = {}) =>
    tlsHandshake({
      ca: cas.get(caType)!.pem,
      ...identity,
      serverCert: servers.get(caType)!.cert,
      serverKey: servers.get(caType)!.key,
      serverCa: cas.get(caType)!.pem,
      ...extra,
    });

  it.each(KEY_TYPES)('completes a TLS 1.3 handshake with a %s client key and certificate', async (keyType) => {
    const identity = await client(cas.get('p256')!, keyType === 'p256' ? clientP256 : keys.get(keyType)!, `user-${keyType}`);
    expect(await handshake('p256', identity)).toMatchObject({ accepted: true, protocol: 'TLSv1.3', peerCommonName: `user-${keyType}` });
  });

  it.each(KEY_TYPES)('completes a handshake with a client certificate from a %s CA', async (caType) => {
    const identity = await client(cas.get(caType)!, clientP256, 'alice');
    expect(await handshake(caType, identity)).toMatchObject({ accepted: true, peerCommonName: 'alice' });
  });

  it.each(['rsa2048', 'p384', 'ed25519'] as const)('completes a TLS 1.2 handshake with a %s client key', async (keyType) => {
    const identity = await client(cas.get('p256')!, keys.get(keyType)!, 'legacy');
    expect(await handshake('p256', identity, { maxVersion: 'TLSv1.2' })).toMatchObject({ accepted: true, protocol: 'TLSv1.2' });
  });

  it('refuses a client certificate from another CA', async () => {
    const identity = await client(cas.get('p384')!, clientP256, 'mallory');
    expect(await handshake('p256', identity)).toMatchObject({ accepted: false, serverError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('refuses an expired client certificate', async () => {
    const identity = await client(cas.get('p256')!, clientP256, 'old', new Date(now.getTime() - 40 * DAY));
    expect(await handshake('p256', identity)).toMatchObject({ accepted: false, serverError: 'CERT_HAS_EXPIRED' });
  });

  it('refuses a certificate revoked in a CRL from buildCrl, and accepts another one under the same CRL', async () => {
    const ca = cas.get('p256')!;
    const revoked = await client(ca, clientP256, 'revoked');
    const good = await client(ca, clientP256, 'good');
    const thisUpdate = new Date(now.getTime() - 60_000);
    const crl = await buildCrl({
      issuer: ca.issuer,
      revoked: [{ serialNumber: inspectCertificate(revoked.cert).serialNumber, revokedAt: thisUpdate, reason: 'keyCompromise' }],
      crlNumber: 1,
      thisUpdate,
      nextUpdate: new Date(now.getTime() + DAY),
    });
    expect(await handshake('p256', revoked, { crl })).toMatchObject({ accepted: false, serverError: 'CERT_REVOKED' });
    expect(await handshake('p256', good, { crl })).toMatchObject({ accepted: true });
  });
});
