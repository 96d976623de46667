import { openssl } from '@mtlsctl/peers';
import { MtlsctlError } from '@mtlsctl/errors';
import { thrown } from '@mtlsctl/errors/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BundleContainsPrivateKeyError,
  BundleInvalidCertificateError,
  BundleParseError,
  BundleUnexpectedBlockError,
} from './errors/bundle-parse-error.js';
import { parseBundle } from './parse-bundle.js';
import { makeTestCa, type TestCa, type TestIdentity } from './test-support/test-pki.js';

let oldCa: TestCa;
let newCa: TestCa;
let leaf: TestIdentity;
let crlPem: string;

beforeAll(async () => {
  oldCa = await makeTestCa({ name: 'C=FR, O=Acme, CN=Acme Old CA', serial: '00c0ffee01' });
  newCa = await makeTestCa({ name: 'C=FR, O=Acme, CN=Acme New CA' });
  leaf = await newCa.issue({ name: 'CN=alice', serial: '0a1b' });
  crlPem = await newCa.crl({ revoked: ['0a1b'] });
});

/** The base64 body lines of a PEM block (the secret part when it is a key). */
const bodyLines = (pem: string) => pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
const block = (label: string, pem: string) => `-----BEGIN ${label}-----\n${bodyLines(pem).join('\n')}\n-----END ${label}-----\n`;

describe('parseBundle', () => {
  it('reads each certificate with the facts openssl reports for it', async () => {
    const [entry] = parseBundle(oldCa.cert);
    const fingerprint = await openssl(['x509', '-noout', '-fingerprint', '-sha256'], { input: oldCa.cert });
    const serial = await openssl(['x509', '-noout', '-serial'], { input: oldCa.cert });
    const dates = await openssl(['x509', '-noout', '-startdate', '-enddate'], { input: oldCa.cert });
    expect(entry?.fingerprint).toBe(fingerprint.split('=')[1]?.trim().replace(/:/g, '').toLowerCase());
    expect(serial.trim()).toBe('serial=C0FFEE01');
    expect(entry?.serialNumber).toBe('c0ffee01');
    expect(entry?.notBefore.getTime()).toBe(Date.parse(/notBefore=(.*)/.exec(dates)?.[1] ?? ''));
    expect(entry?.notAfter.getTime()).toBe(Date.parse(/notAfter=(.*)/.exec(dates)?.[1] ?? ''));
    expect(entry).toMatchObject({ subject: 'C=FR, O=Acme, CN=Acme Old CA', issuer: 'C=FR, O=Acme, CN=Acme Old CA', isCa: true, selfSigned: true });
  });

  it('tells a leaf from a CA and a signed certificate from a self-signed one', () => {
    const [entry] = parseBundle(leaf.cert);
    expect(entry).toMatchObject({ isCa: false, selfSigned: false, subject: 'CN=alice', issuer: 'C=FR, O=Acme, CN=Acme New CA' });
  });

  it('keeps input order and duplicates', () => {
    const entries = parseBundle(newCa.cert + oldCa.cert + newCa.cert);
    expect(entries.map((e) => e.subject)).toEqual(['C=FR, O=Acme, CN=Acme New CA', 'C=FR, O=Acme, CN=Acme Old CA', 'C=FR, O=Acme, CN=Acme New CA']);
  });

  it('re-encodes each certificate as canonical PEM that openssl reads back to the same DER', async () => {
    const messy = `\r\n  ${oldCa.cert.replace(/\n/g, '\r\n')}\r\n\r\n`;
    const [entry] = parseBundle(messy);
    expect(entry?.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    const der = await openssl(['x509', '-outform', 'DER'], { input: entry?.pem ?? '' });
    expect(Buffer.from(der, 'latin1').length).toBeGreaterThan(0);
    expect(entry?.pem).toBe(oldCa.cert.replace(/\n+$/, '\n'));
  });

  it.each([
    ['an empty text', ''],
    ['whitespace only', ' \n\r\n\t\n'],
  ])('reads %s as an empty bundle', (_name, text) => {
    expect(parseBundle(text)).toEqual([]);
  });

  it.each([
    ['PRIVATE KEY', 2],
    ['EC PRIVATE KEY', 2],
    ['RSA PRIVATE KEY', 2],
    ['ENCRYPTED PRIVATE KEY', 2],
  ])('refuses a bundle holding a %s, naming the block but never echoing the key', (label, blockNo) => {
    const keyBlock = block(label, leaf.key);
    const text = oldCa.cert + keyBlock + newCa.cert;
    const error = thrown(() => parseBundle(text));
    expect(error).toBeInstanceOf(BundleContainsPrivateKeyError);
    expect(error).toMatchObject({ code: 'BUNDLE_PRIVATE_KEY_FOUND', kind: 'invalid-input', label, block: blockNo });
    expect((error as BundleParseError).line).toBe(oldCa.cert.split('\n').length);
    expect(MtlsctlError.isInstance(error)).toBe(true);
    for (const line of bodyLines(leaf.key)) expect((error as Error).message).not.toContain(line.slice(0, 16));
  });

  it('reports the private key even when the bundle is also malformed around it', () => {
    const error = thrown(() => parseBundle(`garbage\n${block('PRIVATE KEY', leaf.key)}`));
    expect(error).toBeInstanceOf(BundleContainsPrivateKeyError);
  });

  const garbageCases: [string, () => string, number][] = [
    ['text between two blocks', () => `${oldCa.cert}subject=CN=Acme\n${newCa.cert}`, 0],
    ['text before the first block', () => `Certificate:\n${oldCa.cert}`, 1],
    ['text after the last block', () => `${oldCa.cert}trailing words\n`, 0],
    ['base64 without BEGIN/END lines', () => `${oldCa.cert}${bodyLines(leaf.key).join('\n')}\n`, 0],
  ];
  it.each(garbageCases)('refuses %s with the line number and none of the text', (_name, make, line) => {
    const text = make();
    const error = thrown(() => parseBundle(text));
    expect(error).toBeInstanceOf(BundleParseError);
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID', kind: 'invalid-input' });
    expect((error as BundleParseError).line).toBe(line === 0 ? oldCa.cert.split('\n').length : line);
    expect((error as Error).message).not.toMatch(/subject=|Certificate:|trailing words/);
    for (const keyLine of bodyLines(leaf.key)) expect((error as Error).message).not.toContain(keyLine.slice(0, 16));
  });

  it.each([
    ['a block without its END line', () => oldCa.cert.replace('-----END CERTIFICATE-----\n', '')],
    ['a block cut before the next BEGIN', () => oldCa.cert.replace('-----END CERTIFICATE-----\n', '') + newCa.cert],
    ['a body cut mid-line (no longer whole base64)', () => cutChars(oldCa.cert, 2, 3)],
    ['an END line for another label', () => oldCa.cert.replace('END CERTIFICATE', 'END X509 CRL')],
  ])('refuses %s as truncated or malformed PEM', (_name, make) => {
    const error = thrown(() => parseBundle(make()));
    expect(error).toBeInstanceOf(BundleParseError);
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it.each([
    ['X509 CRL', () => crlPem, /crl-file/],
    ['CERTIFICATE REQUEST', () => block('CERTIFICATE REQUEST', newCa.cert), /CSR/],
    ['TRUSTED CERTIFICATE', () => block('TRUSTED CERTIFICATE', newCa.cert), /openssl x509/],
    ['PKCS7', () => block('PKCS7', newCa.cert), /pkcs7 -print_certs/],
    ['X509 CERTIFICATE', () => block('X509 CERTIFICATE', newCa.cert), /CERTIFICATE blocks only/],
  ])('refuses a %s block with the label, its position and a hint', (label, make, hint) => {
    const error = thrown(() => parseBundle(oldCa.cert + make()));
    expect(error).toBeInstanceOf(BundleUnexpectedBlockError);
    expect(error).toMatchObject({ code: 'BUNDLE_BLOCK_UNEXPECTED', label, block: 2, line: oldCa.cert.split('\n').length });
    expect((error as Error).message).toMatch(hint);
  });

  it.each([
    ['truncated DER (whole base64 quads dropped)', () => dropLine(oldCa.cert, 3, 2)],
    ['a CRL labelled CERTIFICATE', () => block('CERTIFICATE', crlPem)],
    ['a certificate followed by extra bytes', () => appendBytes(oldCa.cert)],
  ])('refuses %s as an invalid certificate at its block', (_name, make) => {
    const error = thrown(() => parseBundle(newCa.cert + make()));
    expect(error).toBeInstanceOf(BundleInvalidCertificateError);
    expect(error).toMatchObject({ code: 'BUNDLE_CERTIFICATE_INVALID', block: 2, line: newCa.cert.split('\n').length });
  });
});

/** Drops `count` body lines starting at body line `from` (1-based). */
function dropLine(pem: string, from: number, count: number): string {
  const lines = pem.split('\n');
  lines.splice(from, count);
  return lines.join('\n');
}

/** Removes `count` characters from the end of body line `line` (1-based). */
function cutChars(pem: string, line: number, count: number): string {
  const lines = pem.split('\n');
  lines[line] = (lines[line] ?? '').slice(0, -count);
  return lines.join('\n');
}

/** Re-encodes a PEM certificate with three extra bytes after its DER. */
function appendBytes(pem: string): string {
  const der = Buffer.from(bodyLines(pem).join(''), 'base64');
  const body = Buffer.concat([der, Buffer.from([1, 2, 3])]).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----\n`;
}
