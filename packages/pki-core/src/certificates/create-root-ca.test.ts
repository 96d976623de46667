import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidNameError } from '../errors/invalid-name-error.js';
import { InvalidParameterError } from '../errors/invalid-parameter-error.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import { decodeSingle } from '../pem/decode-single.js';
import { encodePem } from '../pem/encode-pem.js';
import { KEY_TYPES, type KeyType } from '../keys/key-type.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { DAY, writeFiles } from '../test-support/fixtures.js';
import { createRootCa } from './create-root-ca.js';

const EXPECTED = {
  p256: { key: 'ECDSA P-256', signature: 'ECDSA-SHA256', openssl: 'ecdsa-with-SHA256' },
  p384: { key: 'ECDSA P-384', signature: 'ECDSA-SHA384', openssl: 'ecdsa-with-SHA384' },
  rsa2048: { key: 'RSA 2048', signature: 'RSA-SHA256', openssl: 'sha256WithRSAEncryption' },
  rsa3072: { key: 'RSA 3072', signature: 'RSA-SHA256', openssl: 'sha256WithRSAEncryption' },
  rsa4096: { key: 'RSA 4096', signature: 'RSA-SHA256', openssl: 'sha256WithRSAEncryption' },
  ed25519: { key: 'Ed25519', signature: 'Ed25519', openssl: 'ED25519' },
} satisfies Record<KeyType, unknown>;

describe('createRootCa', () => {
  let dir: TempDir;
  const cas = new Map<KeyType, TestCa>();
  const now = new Date();

  beforeAll(async () => {
    dir = await makeTempDir();
    for (const keyType of KEY_TYPES) cas.set(keyType, await makeTestCa(keyType, { now }));
  });
  afterAll(async () => dir?.remove());

  it.each(KEY_TYPES)('makes a %s root CA that openssl reads as a critical CA:TRUE with keyCertSign and cRLSign', async (keyType) => {
    const ca = cas.get(keyType)!;
    const text = await openssl(['x509', '-noout', '-text'], { input: ca.pem });
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain(`Signature Algorithm: ${EXPECTED[keyType].openssl}`);
    expect(text).toContain('Subject: CN = Test CA');
  });

  it.each(KEY_TYPES)('makes a %s root CA that openssl verifies as its own trust anchor', async (keyType) => {
    const path = await writeFiles(dir, { [`${keyType}.pem`]: cas.get(keyType)!.pem });
    const out = await openssl(['verify', '-x509_strict', '-CAfile', path(`${keyType}.pem`), path(`${keyType}.pem`)]);
    expect(out.trim()).toMatch(/: OK$/);
  });

  it.each(KEY_TYPES)('describes a %s root CA with its key, signature, dates and self-signature', (keyType) => {
    const info = inspectCertificate(cas.get(keyType)!.pem);
    expect(info).toMatchObject({
      subject: `CN=Test CA ${keyType}, O=mtlsctl tests`,
      issuer: `CN=Test CA ${keyType}, O=mtlsctl tests`,
      commonName: `Test CA ${keyType}`,
      isCa: true,
      selfSigned: true,
      keyAlgorithm: EXPECTED[keyType].key,
      signatureAlgorithm: EXPECTED[keyType].signature,
      keyUsages: ['keyCertSign', 'cRLSign'],
    });
    expect(info.authorityKeyIdentifier).toBe(info.subjectKeyIdentifier);
    expect(info.serialNumber).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(info.notBefore.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000 - 300_000);
    expect(info.notAfter.getTime()).toBe(Math.floor((now.getTime() + 3650 * DAY) / 1000) * 1000);
  });

  it('writes the path length, a chosen serial number and the subject in the order given', async () => {
    const keys = await generateKeyPair('p256');
    const pem = await createRootCa({ subject: 'C=FR,O=Acme\\, Inc.,CN=Acme root', keys, now, pathLength: 1, serialNumber: '0a:1b', validityDays: 30 });
    const info = inspectCertificate(pem);
    expect(info).toMatchObject({ pathLength: 1, serialNumber: '0a1b', subject: 'C=FR, O=Acme\\, Inc., CN=Acme root' });
    const text = await openssl(['x509', '-noout', '-text', '-nameopt', 'RFC2253'], { input: pem });
    expect(text).toMatch(/CA:TRUE, pathlen:1/);
    expect(await openssl(['x509', '-noout', '-serial'], { input: pem })).toBe('serial=0A1B\n');
    expect(text).toContain('Subject: CN=Acme root,O=Acme\\, Inc.,C=FR');
  });

  it('writes canonical PEM (64-column lines, trailing newline) so that certificates concatenate into bundles', () => {
    const pem = cas.get('rsa4096')!.pem;
    expect(pem).toBe(encodePem('CERTIFICATE', decodeSingle(pem, 'CERTIFICATE')));
    expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
  });

  it('gives two CAs made from the same inputs different random serial numbers', async () => {
    const keys = cas.get('p256')!.keys;
    const [a, b] = await Promise.all([1, 2].map(() => createRootCa({ subject: 'CN=twin', keys, now })));
    expect(inspectCertificate(a!).serialNumber).not.toBe(inspectCertificate(b!).serialNumber);
  });

  it.each([
    ['an empty subject', ''],
    ['text that is not TYPE=value', 'mtlsctl CA'],
    ['an unknown attribute type', 'CN=x,FOO=bar'],
    ['a trailing garbage part', 'CN=x,garbage'],
    ['an empty value', 'CN='],
    ['a country that is not two letters', 'CN=x,C=France'],
  ])('refuses %s with InvalidNameError', async (_, subject) => {
    await expect(createRootCa({ subject, keys: cas.get('p256')!.keys, now })).rejects.toBeInstanceOf(InvalidNameError);
  });

  it('refuses a key pair whose halves do not belong together', async () => {
    const other = await generateKeyPair('p256');
    const keys = { privateKey: cas.get('p256')!.keys.privateKey, publicKey: other.publicKey };
    await expect(createRootCa({ subject: 'CN=x', keys, now })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it.each([
    ['pathLength', { pathLength: -1 }],
    ['serialNumber', { serialNumber: 'xyz' }],
    ['serialNumber', { serialNumber: '00' }],
    ['serialNumber', { serialNumber: 'ff'.repeat(21) }],
  ])('refuses a bad %s with InvalidParameterError', async (parameter, extra) => {
    const error = await createRootCa({ subject: 'CN=x', keys: cas.get('p256')!.keys, now, ...extra }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).parameter).toBe(parameter);
  });
});
