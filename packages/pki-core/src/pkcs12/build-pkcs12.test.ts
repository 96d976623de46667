import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { makeTempDir, openssl, opensslResult, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import type { KeyType } from '../keys/key-type.js';
import { decodePemBlocks } from '../pem/decode-pem-blocks.js';
import { buildPkcs12 } from './build-pkcs12.js';
import { generatePassword } from './generate-password.js';
import { Pkcs12InputError } from '../errors/pkcs12-input-error.js';
import type { Pkcs12Profile } from './pkcs12-profile.js';
import { pfxHandshake } from './test-support/pfx-handshake.js';
import { makeTestCa, type TestCa, type TestClient } from '../testing/make-test-ca.js';

const KEY_TYPES: KeyType[] = ['p256', 'p384', 'rsa2048', 'ed25519'];
const MATRIX = (['modern', 'legacy'] as const).flatMap((profile) => KEY_TYPES.map((keyType) => [profile, keyType] as const));

/** What `openssl pkcs12 -info` prints for each profile (OpenSSL 3.0). */
const EXPECTED_INFO: Record<Pkcs12Profile, string[]> = {
  modern: [
    'MAC: sha256, Iteration 2048',
    'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
    'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
  ],
  legacy: [
    'MAC: sha1, Iteration 2048',
    'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
    'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
  ],
};

const blocksOf = (text: string, label: string) =>
  decodePemBlocks(text.replace(/^(?!-----|[A-Za-z0-9+/=]+$).*$/gm, '')) // keep only PEM lines of openssl's mixed output
    .filter((b) => b.label === label)
    .map((b) => Buffer.from(b.der).toString('hex'));
const derHex = (pem: string) => Buffer.from(decodePemBlocks(pem)[0]?.der ?? []).toString('hex');

describe('buildPkcs12', () => {
  let dir: TempDir;
  let ca: TestCa;
  let otherCa: TestCa;
  let server: { keyPem: string; certificatePem: string };
  const clients = {} as Record<KeyType, TestClient>;
  const built = new Map<string, { file: string; password: string; p12: Uint8Array; client: TestClient }>();

  beforeAll(async () => {
    dir = await makeTempDir('mtlsctl-p12-');
    [ca, otherCa] = await Promise.all([makeTestCa('p256', { subject: 'CN=P12 Test CA', validityDays: 30 }), makeTestCa('p256', { subject: 'CN=Some Other CA', validityDays: 30 })]);
    server = await ca.issueServer();
    for (const keyType of KEY_TYPES) clients[keyType] = await ca.issueClient(`alice-${keyType}`, keyType);
    for (const [profile, keyType] of MATRIX) {
      const client = clients[keyType];
      const password = generatePassword();
      const p12 = await buildPkcs12({
        privateKey: client.privateKey,
        certificatePem: client.certificatePem,
        chainPems: [ca.certificatePem],
        password,
        profile,
      });
      const file = join(dir.path, `${profile}-${keyType}.p12`);
      await writeFile(file, p12);
      built.set(`${profile}/${keyType}`, { file, password, p12, client });
    }
  });
  afterAll(() => dir.remove());

  it.each(MATRIX)('writes a %s p12 for a %s key that `openssl pkcs12 -info` opens with the expected algorithms', async (profile, keyType) => {
    const { file, password, client } = built.get(`${profile}/${keyType}`)!;
    const result = await opensslResult(['pkcs12', '-info', '-nodes', '-in', file, '-passin', `pass:${password}`]);
    const text = result.stderr + result.stdout.toString();
    expect(result.code, result.stderr).toBe(0);
    for (const line of EXPECTED_INFO[profile]) expect(text).toContain(line);
    expect(blocksOf(text, 'PRIVATE KEY')).toEqual([derHex(client.privateKeyPem)]);
    expect(blocksOf(text, 'CERTIFICATE')).toEqual([derHex(client.certificatePem), derHex(ca.certificatePem)]);
    const leafSha1 = createHash('sha1').update(Buffer.from(derHex(client.certificatePem), 'hex')).digest('hex');
    const localKeyIds = [...text.matchAll(/localKeyID: ([0-9A-F ]+)/g)].map((m) => m[1]?.replaceAll(' ', '').toLowerCase());
    expect(localKeyIds).toEqual([leafSha1, leafSha1]); // on the leaf's certificate bag and on the key bag
    expect(text.match(/friendlyName: (.*)/g)).toEqual([`friendlyName: alice-${keyType}`, `friendlyName: alice-${keyType}`]);
  });

  it.each(MATRIX)('writes a %s p12 for a %s key whose certificates `openssl pkcs12 -nokeys` lists, leaf first', async (profile, keyType) => {
    const { file, password, client } = built.get(`${profile}/${keyType}`)!;
    const out = await openssl(['pkcs12', '-nokeys', '-in', file, '-passin', `pass:${password}`]);
    expect(blocksOf(out, 'CERTIFICATE')).toEqual([derHex(client.certificatePem), derHex(ca.certificatePem)]);
    expect(blocksOf(out, 'PRIVATE KEY')).toEqual([]);
  });

  it.each(MATRIX)('writes a %s p12 for a %s key that Node tls loads (pfx + passphrase) for an mTLS handshake', async (profile, keyType) => {
    const { p12, password } = built.get(`${profile}/${keyType}`)!;
    const result = await pfxHandshake({ caPem: ca.certificatePem, server, pfx: p12, passphrase: password });
    expect(result).toEqual({ accepted: true, clientCommonName: `alice-${keyType}` });
  });

  it.each(['modern', 'legacy'] as const)('writes a %s p12 from another CA that the server refuses', async (profile) => {
    const stranger = await otherCa.issueClient('mallory');
    const password = generatePassword();
    const p12 = await buildPkcs12({ privateKey: stranger.privateKey, certificatePem: stranger.certificatePem, password, profile });
    const result = await pfxHandshake({ caPem: ca.certificatePem, server, pfx: p12, passphrase: password });
    expect(result).toMatchObject({ accepted: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it.each(['modern', 'legacy'] as const)('writes a %s p12 that openssl and Node refuse to open with a wrong password', async (profile) => {
    const { file, p12 } = built.get(`${profile}/p256`)!;
    const result = await opensslResult(['pkcs12', '-info', '-nodes', '-in', file, '-passin', 'pass:not-the-password']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Mac verify error');
    expect(() => createSecureContext({ pfx: Buffer.from(p12), passphrase: 'not-the-password' })).toThrow(/mac verify failure/i);
  });

  it('uses the friendlyName given, the iteration count given, and a PEM private key', async () => {
    const client = clients.p256;
    const password = generatePassword();
    const p12 = await buildPkcs12({
      privateKey: client.privateKeyPem,
      certificatePem: client.certificatePem,
      password,
      friendlyName: 'Alice (laptop)',
      iterations: 10_000,
    });
    const file = join(dir.path, 'named.p12');
    await writeFile(file, p12);
    const result = await opensslResult(['pkcs12', '-info', '-nodes', '-in', file, '-passin', `pass:${password}`]);
    const text = result.stderr + result.stdout.toString();
    expect(text).toContain('MAC: sha256, Iteration 10000');
    expect(text).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256');
    expect(text.match(/friendlyName: (.*)/g)).toEqual(['friendlyName: Alice (laptop)', 'friendlyName: Alice (laptop)']);
    expect(blocksOf(text, 'CERTIFICATE')).toEqual([derHex(client.certificatePem)]);
  });

  it('accepts a SEC 1 ("EC PRIVATE KEY") PEM key as well as PKCS#8', async () => {
    const client = clients.p384;
    const sec1 = await openssl(['ec', '-outform', 'PEM'], { input: client.privateKeyPem });
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    const password = generatePassword();
    const p12 = await buildPkcs12({ privateKey: sec1, certificatePem: client.certificatePem, password });
    const out = await openssl(['pkcs12', '-nocerts', '-nodes', '-passin', `pass:${password}`], { input: p12 });
    expect(blocksOf(out, 'PRIVATE KEY')).toEqual([derHex(client.privateKeyPem)]);
  });

  const invalid: [string, () => Promise<unknown>, new (...args: never[]) => Error, string | undefined][] = [
    ['an empty password', () => build({ password: '' }), Pkcs12InputError, 'P12_PASSWORD_EMPTY'],
    ['an unknown profile', () => build({ profile: 'ancient' as Pkcs12Profile }), Pkcs12InputError, 'P12_PARAMETER_INVALID'],
    ['zero iterations', () => build({ iterations: 0 }), Pkcs12InputError, 'P12_PARAMETER_INVALID'],
    ['a key that is not the certificate\'s', () => build({ privateKey: clients.p384.privateKey }), Pkcs12InputError, 'P12_KEY_CERTIFICATE_MISMATCH'],
    ['a non-extractable key', async () => build({ privateKey: await nonExtractable() }), UnsupportedKeyError, 'KEY_UNSUPPORTED'],
    ['a private key where the certificate belongs', () => build({ certificatePem: clients.p256.privateKeyPem }), PemLabelError, undefined],
    ['a chain entry that is not a certificate', () => build({ chainPems: [notACertificatePem()] }), DerDecodeError, 'DER_INVALID'],
  ];
  it.each(invalid)('rejects %s with a typed error', async (_name, run, type, code) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    if (code !== undefined) expect(error).toMatchObject({ code });
  });

  function build(overrides: Partial<Parameters<typeof buildPkcs12>[0]>) {
    const client = clients.p256;
    return buildPkcs12({ privateKey: client.privateKey, certificatePem: client.certificatePem, password: 'pw', ...overrides });
  }
  async function nonExtractable() {
    const pkcs8 = Buffer.from(derHex(clients.p256.privateKeyPem), 'hex');
    return globalThis.crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  }
  function notACertificatePem() {
    const body = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]).toString('base64');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  }
});
