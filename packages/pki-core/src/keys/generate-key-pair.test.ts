import { makeTempDir, openssl, opensslRaw, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PemLabelError } from '../errors/pem-label-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { writeFiles } from '../test-support/fixtures.js';
import { generateKeyPair } from './generate-key-pair.js';
import { KEY_TYPES, keyTypeOf, type KeyType } from './key-type.js';
import { exportPrivateKeyPem, importPrivateKeyPem } from './private-key-pem.js';
import { exportPublicKeyPem, importPublicKeyPem } from './public-key-pem.js';

/** What `openssl pkey -text` prints first for each key type. */
const OPENSSL_HEADER: Record<KeyType, RegExp> = {
  p256: /Private-Key: \(256 bit\)[\s\S]*NIST CURVE: P-256/,
  p384: /Private-Key: \(384 bit\)[\s\S]*NIST CURVE: P-384/,
  rsa2048: /Private-Key: \(2048 bit, 2 primes\)/,
  rsa3072: /Private-Key: \(3072 bit, 2 primes\)/,
  rsa4096: /Private-Key: \(4096 bit, 2 primes\)/,
  ed25519: /ED25519 Private-Key:/,
};

describe('generateKeyPair', () => {
  let dir: TempDir;
  const pairs = new Map<KeyType, CryptoKeyPair>();
  const pems = new Map<KeyType, string>();

  beforeAll(async () => {
    dir = await makeTempDir();
    for (const keyType of KEY_TYPES) {
      const pair = await generateKeyPair(keyType); // RSA 3072/4096 once each: they are slow
      pairs.set(keyType, pair);
      pems.set(keyType, await exportPrivateKeyPem(pair.privateKey));
    }
  });
  afterAll(async () => dir?.remove());

  it('generates a P-256 pair by default', async () => {
    expect(keyTypeOf((await generateKeyPair()).privateKey)).toBe('p256');
  });

  it.each(KEY_TYPES)('generates an extractable %s pair whose key type reads back', (keyType) => {
    const pair = pairs.get(keyType)!;
    expect(keyTypeOf(pair.privateKey)).toBe(keyType);
    expect(keyTypeOf(pair.publicKey)).toBe(keyType);
    expect(pair.privateKey.extractable).toBe(true);
  });

  it.each(KEY_TYPES)('exports a %s private key as PKCS#8 PEM that openssl pkey reads', async (keyType) => {
    const pem = pems.get(keyType)!;
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(await openssl(['pkey', '-noout', '-text'], { input: pem })).toMatch(OPENSSL_HEADER[keyType]);
  });

  it.each(KEY_TYPES)('round-trips a %s private key through PEM to the same public key', async (keyType) => {
    const imported = await importPrivateKeyPem(pems.get(keyType)!);
    expect(imported.keyType).toBe(keyType);
    expect(await exportPrivateKeyPem(imported.privateKey)).toBe(pems.get(keyType));
    expect(await exportPublicKeyPem(imported.publicKey)).toBe(await exportPublicKeyPem(pairs.get(keyType)!.publicKey));
  });

  it.each(KEY_TYPES)('exports a %s public key as SPKI PEM equal to what openssl derives from the private key', async (keyType) => {
    const fromOpenssl = await openssl(['pkey', '-pubout'], { input: pems.get(keyType)! });
    const ours = await exportPublicKeyPem(pairs.get(keyType)!.publicKey);
    expect(ours).toBe(fromOpenssl);
    const back = await importPublicKeyPem(ours);
    expect(back.keyType).toBe(keyType);
  });

  it.each(KEY_TYPES.filter((k) => k !== 'ed25519'))('imports a %s key in the traditional (SEC 1 / PKCS#1) form openssl writes', async (keyType) => {
    const traditional = await openssl(['pkey', '-traditional'], { input: pems.get(keyType)! });
    expect(traditional).toMatch(/^-----BEGIN (EC|RSA) PRIVATE KEY-----/);
    const imported = await importPrivateKeyPem(traditional);
    expect(imported.keyType).toBe(keyType);
    expect(await exportPrivateKeyPem(imported.privateKey)).toBe(pems.get(keyType));
  });

  it.each([
    ['traditional', ['pkey', '-outform', 'DER']],
    ['PKCS#8', ['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER']],
  ])('imports keys given as %s DER bytes', async (_, args) => {
    for (const keyType of ['p384', 'rsa2048', 'ed25519'] as const) {
      const der = new Uint8Array((await opensslRaw(args, { input: pems.get(keyType)! })).stdout);
      const imported = await importPrivateKeyPem(der);
      expect(imported.keyType).toBe(keyType);
      expect(await exportPrivateKeyPem(imported.privateKey)).toBe(pems.get(keyType));
    }
  });

  it('imports keys that openssl generated', async () => {
    const ec = await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const ed = await openssl(['genpkey', '-algorithm', 'ED25519']);
    expect((await importPrivateKeyPem(ec)).keyType).toBe('p256');
    expect((await importPrivateKeyPem(ed)).keyType).toBe('ed25519');
  });

  it.each([
    ['a P-521 key', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], /ECDSA P-521 keys are not supported/],
    ['an RSA 1024 key', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'], /RSA 1024 keys are not supported/],
    ['an Ed448 key', ['genpkey', '-algorithm', 'ED448'], /Ed448 keys are not supported/],
  ])('refuses %s with UnsupportedKeyError naming it', async (_, args, message) => {
    const pem = await openssl(args);
    const error = await importPrivateKeyPem(pem).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedKeyError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an encrypted key with PemLabelError telling how to decrypt it, without echoing the key', async () => {
    const path = await writeFiles(dir, { 'plain.pem': pems.get('p256')! });
    const encrypted = await openssl(['pkcs8', '-topk8', '-in', path('plain.pem'), '-passout', 'pass:secret', '-v2', 'aes-256-cbc']);
    const error = await importPrivateKeyPem(encrypted).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PemLabelError);
    expect((error as Error).message).toMatch(/ENCRYPTED PRIVATE KEY.*openssl pkey/);
    expect((error as Error).message).not.toContain(encrypted.split('\n')[1]!.slice(0, 20));
  });

  it('refuses a certificate where a private key is expected', async () => {
    const path = await writeFiles(dir, { 'ca.key': pems.get('p256')! });
    const cert = await openssl(['req', '-x509', '-key', path('ca.key'), '-subj', '/CN=x', '-days', '1']);
    await expect(importPrivateKeyPem(cert)).rejects.toThrow(/expected a PRIVATE KEY but found a CERTIFICATE/);
  });

  it('refuses to export a public key as a private key and a private key as a public key', async () => {
    const pair = pairs.get('p256')!;
    await expect(exportPrivateKeyPem(pair.publicKey)).rejects.toBeInstanceOf(UnsupportedKeyError);
    await expect(exportPublicKeyPem(pair.privateKey)).rejects.toBeInstanceOf(UnsupportedKeyError);
  });

  it('refuses to export a non-extractable key', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    await expect(exportPrivateKeyPem(pair.privateKey)).rejects.toThrow(/not extractable/);
  });

  it.each([
    ['an unknown key type name', () => generateKeyPair('p521' as KeyType)],
    ['a WebCrypto key of another algorithm', async () => keyTypeOf((await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, false, ['sign'])).privateKey)],
  ])('refuses %s with UnsupportedKeyError', async (_, run) => {
    await expect(run()).rejects.toBeInstanceOf(UnsupportedKeyError);
  });
});
