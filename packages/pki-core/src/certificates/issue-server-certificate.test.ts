import { openssl } from '@mtlsctl/peers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidNameError } from '../errors/invalid-name-error.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { issueServerCertificate } from './issue-server-certificate.js';

describe('issueServerCertificate', () => {
  const now = new Date();
  let ca: TestCa;
  let publicKey: CryptoKey;

  beforeAll(async () => {
    ca = await makeTestCa('p256', { now });
    publicKey = (await generateKeyPair('rsa2048')).publicKey;
  });

  it('writes serverAuth, DNS and IP names, and the first name as CN', async () => {
    const pem = await issueServerCertificate({ dnsNames: ['localhost', '*.example.com'], ipAddresses: ['127.0.0.1', '::1'], publicKey, issuer: ca.issuer, now });
    expect(inspectCertificate(pem)).toMatchObject({
      commonName: 'localhost',
      dnsNames: ['localhost', '*.example.com'],
      ipAddresses: ['127.0.0.1', '::1'],
      extendedKeyUsages: ['serverAuth'],
      keyUsages: ['digitalSignature', 'keyEncipherment'],
      isCa: false,
    });
    const text = await openssl(['x509', '-noout', '-text'], { input: pem });
    expect(text).toMatch(/X509v3 Subject Alternative Name:\s+DNS:localhost, DNS:\*\.example\.com, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication\n/);
  });

  it.each([
    ['no name at all', {}],
    ['a DNS name with a space', { dnsNames: ['bad name'] }],
    ['a DNS name with an empty label', { dnsNames: ['a..b'] }],
    ['an IP address that is not one', { ipAddresses: ['300.1.1.1'] }],
  ])('refuses %s with InvalidNameError', async (_, names) => {
    await expect(issueServerCertificate({ ...names, publicKey, issuer: ca.issuer, now })).rejects.toBeInstanceOf(InvalidNameError);
  });
});
