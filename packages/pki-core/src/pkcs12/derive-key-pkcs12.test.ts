import { randomBytes, randomInt } from 'node:crypto';
import { openssl } from '@mtlsctl/peers';
import { describe, expect, it } from 'vitest';
import { bmpPassword } from './bmp-password.js';
import { deriveKeyPkcs12, type Pkcs12KdfPurpose } from './derive-key-pkcs12.js';
import { Pkcs12InputError } from '../errors/pkcs12-input-error.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

type Vector = [password: string, salt: string, iterations: number, id: Pkcs12KdfPurpose, expected: string];

// Dr Stephen Henson's PKCS#12 KDF test vectors (drh-consultancy.demon.co.uk/test.txt), SHA-1. The same table is
// in BouncyCastle's PKCS12Test (bc-java, bc-csharp) and GnuTLS tests/pkcs12_s2k.c.
const sha1Vectors: Vector[] = [
  ['smeg', '0a58cf64530d823f', 1, 1, '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3'],
  ['smeg', '0a58cf64530d823f', 1, 2, '79993dfe048d3b76'],
  ['smeg', '642b99ab44fb4b1f', 1, 1, 'f3a95fec48d7711e985cfe67908c5ab79fa3d7c5caa5d966'],
  ['smeg', '642b99ab44fb4b1f', 1, 2, 'c0a38d64a79bea1d'],
  ['smeg', '3d83c0e4546ac140', 1, 3, '8d967d88f6caa9d714800ab3d48051d63f73a312'],
  ['queeg', '05dec959acff72f7', 1000, 1, 'ed2034e36328830ff09df1e1a07dd357185dac0d4f9eb3d4'],
  ['queeg', '05dec959acff72f7', 1000, 2, '11dedad7758d4860'],
  ['queeg', '1682c0fc5b3f7ec5', 1000, 1, '483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f'],
  ['queeg', '1682c0fc5b3f7ec5', 1000, 2, '9d461d1b00355c50'],
  ['queeg', '263216fcc2fab31c', 1000, 3, '5ec4c7a80df652294c3925b6489a7ab857c83476'],
];

// SHA-256: RustCrypto/formats pkcs12/tests/kdf.rs (a non-ASCII password, "ge@äheim"), and the MAC key of an
// OpenSSL-made p12 from Crypt-OpenSSL-PKCS-Func t/base.t. Both re-checked with `openssl kdf ... PKCS12KDF`.
const sha256Vectors: Vector[] = [
  ['ge@äheim', '0102030405060708', 100, 1, 'fae4d4957a3cc781e1180b9d4fb79c1e0c8579b746a3177e5b0768a3118bf863'],
  ['ge@äheim', '0102030405060708', 100, 2, 'e5ff813bc6547de5155b14d2fada85b3201a977349db6e26ccc998d9e8f83d6c'],
  ['ge@äheim', '0102030405060708', 100, 3, '136355ed9434516682534f46d63956db5ff06b844702c2c1f3b46321e2524a4d'],
  ['123456', 'e241f01650dbeae4', 2048, 3, '721259f14aad70b58839f71566b433da1b8ad08f650f4d02faaa0b9b095bb51d'],
];

// SHA-512 (128-byte blocks): RustCrypto/formats pkcs12/tests/kdf.rs, re-checked with `openssl kdf`.
const sha512Vectors: Vector[] = [['ge@äheim', '0102030405060708', 100, 1, 'b14a9f01bfd9dce4c9d66d2fe9937e5fd9f1afa59e370a6fa4fc81c1cc8ec8ee']];

// Fixed vectors computed once with `openssl kdf -kdfopt hexpass:<BMPString> ... PKCS12KDF` (OpenSSL 3.0.19) for
// the paths the published vectors miss: a password longer than one 64-byte block, several output blocks,
// the empty password, and a character outside the BMP (a surrogate pair).
const LONG = 'correct horse battery staple, 40 chars!';
const SALT20 = '000102030405060708090a0b0c0d0e0f10111213';
const fixedVectors: [...Vector, length: number, hash: 'SHA-1' | 'SHA-256'][] = [
  [LONG, SALT20, 3, 1, 'b0cc31017eb58d7cf4cf2a91fad6ff81f2d979f57fe39fb0c689d0fa07210d88120ec23a5e91f09c', 40, 'SHA-1'],
  [
    LONG,
    SALT20,
    3,
    2,
    '219a4582562121b167c3afe4551fd46066378968acf59586199eaee842fdf9174f2d028bc10cd38f7743eecd42734018cf271535d452c964cda854c309eb3ed048116f18d4af',
    70,
    'SHA-256',
  ],
  ['', '0102030405060708', 2048, 3, '878f85ff6db5c92f2da873fdb0ecae4bdc9dcc3cb5faf9226d10ee23af02546a', 32, 'SHA-256'],
  ['', '0102030405060708', 2048, 3, '422271a0229a8e68e59672d9278fe548eb74b013', 20, 'SHA-1'],
  ['😀 emoji', '0a0b0c0d', 5, 3, '5cd540b1741608c06295d82b8d67769423cd43c7f064421b2a3828d7af1b1596', 32, 'SHA-256'],
];

describe('deriveKeyPkcs12', () => {
  it.each(sha1Vectors)('derives the published SHA-1 vector for %s / salt %s / %i iterations / id %i', (password, salt, iterations, id, expected) => {
    const key = deriveKeyPkcs12({ password, salt: unhex(salt), iterations, id, length: expected.length / 2, hash: 'SHA-1' });
    expect(hex(key)).toBe(expected);
  });

  it.each(sha256Vectors)('derives the published SHA-256 vector for %s / salt %s / %i iterations / id %i', (password, salt, iterations, id, expected) => {
    const key = deriveKeyPkcs12({ password, salt: unhex(salt), iterations, id, length: expected.length / 2, hash: 'SHA-256' });
    expect(hex(key)).toBe(expected);
  });

  it.each(sha512Vectors)('derives the published SHA-512 vector for %s / salt %s / %i iterations / id %i', (password, salt, iterations, id, expected) => {
    const key = deriveKeyPkcs12({ password, salt: unhex(salt), iterations, id, length: expected.length / 2, hash: 'SHA-512' });
    expect(hex(key)).toBe(expected);
  });

  it.each(fixedVectors)('derives the fixed vector for %j / salt %s / %i iterations / id %i', (password, salt, iterations, id, expected, length, hash) => {
    expect(hex(deriveKeyPkcs12({ password, salt: unhex(salt), iterations, id, length, hash }))).toBe(expected);
  });

  it('truncates to the requested length as a prefix of the longer output', () => {
    const params = { password: 'ge@äheim', salt: unhex('0102030405060708'), iterations: 100, id: 3, hash: 'SHA-256' } as const;
    expect(hex(deriveKeyPkcs12({ ...params, length: 20 }))).toBe('136355ed9434516682534f46d63956db5ff06b84');
  });

  const hashes = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const;
  const randomCases = Array.from({ length: 8 }, (_, i) => ({
    password: randomBytes(randomInt(0, 100)).toString('base64url'),
    salt: randomBytes(randomInt(1, 140)),
    iterations: randomInt(1, 40),
    id: ((i % 3) + 1) as Pkcs12KdfPurpose,
    length: randomInt(1, 140),
    hash: hashes[i % 4]!,
  }));
  it.each(randomCases)('agrees with `openssl kdf PKCS12KDF` on random input %#', async (c) => {
    const out = await openssl([
      'kdf',
      '-keylen', String(c.length),
      '-kdfopt', `digest:${c.hash.replace('-', '')}`,
      '-kdfopt', `hexpass:${hex(bmpPassword(c.password))}`,
      '-kdfopt', `hexsalt:${hex(c.salt)}`,
      '-kdfopt', `iter:${c.iterations}`,
      '-kdfopt', `id:${c.id}`,
      'PKCS12KDF',
    ]);
    const expected = out.trim().replaceAll(':', '').toLowerCase();
    expect(hex(deriveKeyPkcs12({ ...c, salt: new Uint8Array(c.salt) }))).toBe(expected);
  });

  it.each([
    ['iterations 0', { iterations: 0 }],
    ['fractional iterations', { iterations: 1.5 }],
    ['length 0', { length: 0 }],
    ['id 4', { id: 4 as Pkcs12KdfPurpose }],
    ['hash MD5', { hash: 'MD5' as 'SHA-1' }],
  ])('rejects %s with a typed error', (_name, override) => {
    const params = { password: 'x', salt: unhex('00'), iterations: 1, id: 1 as const, length: 8, hash: 'SHA-1' as const, ...override };
    expect(() => deriveKeyPkcs12(params)).toThrow(Pkcs12InputError);
  });
});

describe('bmpPassword', () => {
  it.each([
    ['smeg', '0073006d006500670000'],
    ['', '0000'],
    ['ä', '00e40000'],
    ['😀', 'd83dde000000'],
  ])('encodes %j as a BMPString with a 0x0000 terminator', (password, expected) => {
    expect(hex(bmpPassword(password))).toBe(expected);
  });
});
