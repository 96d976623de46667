import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyType } from '../keys/key-type.js';
import { decodePemBlocks } from '../pem/decode-pem-blocks.js';
import { buildPkcs12 } from './build-pkcs12.js';
import { parsePkcs12 } from './parse-pkcs12.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';
import { Pkcs12PasswordError } from '../errors/pkcs12-password-error.js';
import type { Pkcs12Profile } from './pkcs12-profile.js';
import { makeTestCa, type TestCa, type TestClient } from '../testing/make-test-ca.js';

const KEY_TYPES: KeyType[] = ['p256', 'p384', 'rsa2048', 'ed25519'];
const MATRIX = (['modern', 'legacy'] as const).flatMap((profile) => KEY_TYPES.map((keyType) => [profile, keyType] as const));
const der = (pem: string) => Buffer.from(decodePemBlocks(pem)[0]?.der ?? []).toString('hex');

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('parsePkcs12', () => {
  let dir: TempDir;
  let ca: TestCa;
  const clients = {} as Record<KeyType, TestClient>;
  let keyFile: string;
  let certFile: string;
  let caFile: string;

  beforeAll(async () => {
    dir = await makeTempDir('mtlsctl-p12-parse-');
    ca = await makeTestCa('p256', { subject: 'CN=P12 Parse CA', validityDays: 30 });
    for (const keyType of KEY_TYPES) clients[keyType] = await ca.issueClient(`bob-${keyType}`, keyType);
    [keyFile, certFile, caFile] = ['key.pem', 'cert.pem', 'ca.pem'].map((name) => join(dir.path, name)) as [string, string, string];
    await writeFile(keyFile, clients.p256.privateKeyPem);
    await writeFile(certFile, clients.p256.certificatePem);
    await writeFile(caFile, ca.certificatePem);
  });
  afterAll(() => dir.remove());

  /** Runs `openssl pkcs12 -export` on bob-p256's key and certificate (+ the CA) and returns the file's bytes. */
  async function opensslExport(args: string[], password = 'secret pass'): Promise<Uint8Array> {
    const out = join(dir.path, `openssl-${Math.random().toString(36).slice(2)}.p12`);
    await openssl(['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-certfile', caFile, '-name', 'Bob', '-out', out, '-passout', `pass:${password}`, ...args]);
    return new Uint8Array(await readFile(out));
  }

  it.each(MATRIX)('reads back the key, certificate, chain, friendlyName and profile of its own %s p12 with a %s key', async (profile, keyType) => {
    const client = clients[keyType];
    const p12 = await buildPkcs12({ privateKey: client.privateKey, certificatePem: client.certificatePem, chainPems: [ca.certificatePem], password: 'pw', profile });
    const parsed = await parsePkcs12(p12, 'pw');
    expect(der(parsed.privateKeyPem)).toBe(der(client.privateKeyPem));
    expect(parsed.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(der(parsed.certificatePem)).toBe(der(client.certificatePem));
    expect(parsed.chainPems.map(der)).toEqual([der(ca.certificatePem)]);
    expect(parsed).toMatchObject({ friendlyName: `bob-${keyType}`, profile, macAlgorithm: profile === 'modern' ? 'SHA-256' : 'SHA-1' });
  });

  const opensslVariants: [string, string[], Pkcs12Profile | 'other', string][] = [
    ['(OpenSSL 3 default: PBES2/AES-256-CBC, HMAC-SHA256)', [], 'modern', 'SHA-256'],
    ['-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], 'legacy', 'SHA-1'],
    ['-keypbe AES-128-CBC -certpbe NONE', ['-keypbe', 'AES-128-CBC', '-certpbe', 'NONE'], 'other', 'SHA-256'],
    ['-macalg sha512 -iter 5000', ['-macalg', 'sha512', '-iter', '5000'], 'other', 'SHA-512'],
    ['-nomac', ['-nomac'], 'other', 'none'],
  ];
  it.each(opensslVariants)('reads a file from `openssl pkcs12 -export %s`', async (_name, args, profile, macAlgorithm) => {
    const parsed = await parsePkcs12(await opensslExport(args), 'secret pass');
    expect(der(parsed.privateKeyPem)).toBe(der(clients.p256.privateKeyPem));
    expect(der(parsed.certificatePem)).toBe(der(clients.p256.certificatePem));
    expect(parsed.chainPems.map(der)).toEqual([der(ca.certificatePem)]);
    expect(parsed).toMatchObject({ friendlyName: 'Bob', profile, macAlgorithm });
  });

  it('refuses an RC2 file from `openssl pkcs12 -export -legacy`, naming the algorithm and the way out', async () => {
    const error = await failure(parsePkcs12(await opensslExport(['-legacy']), 'secret pass'));
    expect(error).toBeInstanceOf(Pkcs12FormatError);
    expect(error).toMatchObject({ code: 'P12_ALGORITHM_UNSUPPORTED', oid: '1.2.840.113549.1.12.1.6' });
    expect((error as Error).message).toContain('pbeWithSHAAnd40BitRC2-CBC (1.2.840.113549.1.12.1.6)');
    expect((error as Error).message).toContain('-keypbe PBE-SHA1-3DES');
  });

  it('refuses PBES2 with DES-EDE3-CBC, naming the cipher OID', async () => {
    const p12 = await opensslExport(['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC']);
    await expect(parsePkcs12(p12, 'secret pass')).rejects.toMatchObject({ code: 'P12_ALGORITHM_UNSUPPORTED', oid: '1.2.840.113549.3.7' });
  });

  it.each([
    ['its own modern file', async () => build('modern', 'Grüße, Zoë 😀')],
    ['its own legacy file', async () => build('legacy', 'Grüße, Zoë 😀')],
    ['an OpenSSL file', async () => opensslExport([], 'Grüße, Zoë 😀')],
  ])('opens %s with a non-ASCII password (UTF-8 for PBKDF2, BMPString for the PKCS#12 KDF, as OpenSSL 3)', async (_name, make) => {
    const p12 = await make();
    expect(der((await parsePkcs12(p12, 'Grüße, Zoë 😀')).certificatePem)).toBe(der(clients.p256.certificatePem));
    const out = await openssl(['pkcs12', '-nokeys', '-passin', 'pass:Grüße, Zoë 😀'], { input: p12 });
    expect(out).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    ['its own modern file', () => build('modern', 'right')],
    ['its own legacy file', () => build('legacy', 'right')],
    ['an OpenSSL file', () => opensslExport([], 'right')],
    ['an OpenSSL file without a MAC', () => opensslExport(['-nomac'], 'right')],
  ])('rejects a wrong password for %s with Pkcs12PasswordError, never echoing it', async (_name, make) => {
    const error = await failure(parsePkcs12(await make(), 'Wr0ng-Passw0rd'));
    expect(error).toBeInstanceOf(Pkcs12PasswordError);
    expect(error).toMatchObject({ code: 'P12_PASSWORD_WRONG', kind: 'invalid-input' });
    expect((error as Error).message).not.toContain('Wr0ng-Passw0rd');
    expect((error as Error).message).not.toContain('right');
  });

  const notPkcs12: [string, () => Promise<Uint8Array>, RegExp][] = [
    ['empty input', async () => new Uint8Array(0), /not a PKCS#12 file/],
    ['random bytes', async () => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(300))), /not a PKCS#12 file/],
    ['a PEM certificate', async () => new TextEncoder().encode(clients.p256.certificatePem), /PEM text/],
    ['the base64 that Vault stores', async () => new TextEncoder().encode(Buffer.from(await build('modern', 'pw')).toString('base64')), /base64 -d/],
    ['a truncated p12', async () => (await build('modern', 'pw')).subarray(0, 400), /not a PKCS#12 file/],
    ['a DER certificate', async () => decodePemBlocks(clients.p256.certificatePem)[0]!.der, /not a PKCS#12 file/],
  ];
  it.each(notPkcs12)('rejects %s as not PKCS#12', async (_name, make, message) => {
    const error = await failure(parsePkcs12(await make(), 'pw'));
    expect(error).toBeInstanceOf(Pkcs12FormatError);
    expect(error).toMatchObject({ code: 'P12_INVALID' });
    expect((error as Error).message).toMatch(message);
  });

  it('answers every single-byte corruption of a p12 with a typed error or the intact contents', async () => {
    let seed = 12345; // a fixed LCG: the same 400 corruptions every run
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (const profile of ['modern', 'legacy'] as const) {
      const client = clients.p256;
      const p12 = await buildPkcs12({ privateKey: client.privateKey, certificatePem: client.certificatePem, password: 'pw', profile, iterations: 1 });
      for (let i = 0; i < 200; i++) {
        const corrupt = new Uint8Array(p12);
        corrupt[next() % corrupt.length] = next() % 256;
        const outcome = await parsePkcs12(corrupt, 'pw').then(
          (parsed) => der(parsed.certificatePem) === der(client.certificatePem),
          (error: unknown) => error instanceof Pkcs12FormatError || error instanceof Pkcs12PasswordError,
        );
        expect(outcome).toBe(true);
      }
    }
  });

  it('refuses a file without a private key (`openssl pkcs12 -export -nokeys`)', async () => {
    const out = join(dir.path, 'nokeys.p12');
    await openssl(['pkcs12', '-export', '-nokeys', '-in', certFile, '-out', out, '-passout', 'pass:pw']);
    await expect(parsePkcs12(new Uint8Array(await readFile(out)), 'pw')).rejects.toMatchObject({ code: 'P12_CONTENT_UNEXPECTED' });
  });

  function build(profile: Pkcs12Profile, password: string) {
    const client = clients.p256;
    return buildPkcs12({ privateKey: client.privateKey, certificatePem: client.certificatePem, password, profile });
  }
});
