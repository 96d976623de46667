import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, openssl } from '@mtlsctl/peers';
import { thrown } from '@mtlsctl/errors/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { CrlCoverageError, CrlFileError } from './errors/crl-file-error.js';
import { parseBundle } from './parse-bundle.js';
import { renderHaproxyCrlFile } from './render-haproxy-crl-file.js';
import { makeTestCa, type TestCa } from './test-support/test-pki.js';

const at = (iso: string) => new Date(iso);
let caA: TestCa;
let caB: TestCa;
let entryA: BundleEntry;
let entryB: BundleEntry;
let crlA1: string; // thisUpdate 2025-01-01, nextUpdate 2025-02-01
let crlA2: string; // thisUpdate 2025-01-15, nextUpdate 2025-02-15, revokes 0a1b
let crlB: string; // thisUpdate 2025-01-10, nextUpdate 2025-02-10

beforeAll(async () => {
  caA = await makeTestCa({ name: 'CN=CA A' });
  caB = await makeTestCa({ name: 'CN=CA B' });
  [entryA, entryB] = parseBundle(caA.cert + caB.cert) as [BundleEntry, BundleEntry];
  crlA1 = await caA.crl({ thisUpdate: at('2025-01-01T00:00:00Z'), nextUpdate: at('2025-02-01T00:00:00Z') });
  crlA2 = await caA.crl({ revoked: ['0a1b'], thisUpdate: at('2025-01-15T00:00:00Z'), nextUpdate: at('2025-02-15T00:00:00Z') });
  crlB = await caB.crl({ thisUpdate: at('2025-01-10T00:00:00Z'), nextUpdate: at('2025-02-10T00:00:00Z') });
});

const relabel = (pem: string, label: string) => pem.replace(/X509 CRL/g, label);
const blocks = (text: string) => text.match(/-----BEGIN X509 CRL-----\n[\s\S]*?-----END X509 CRL-----\n/g) ?? [];

describe('renderHaproxyCrlFile', () => {
  it('writes X509 CRL blocks openssl reads, relabelling the CRL blocks @peculiar/x509 writes', async () => {
    const text = renderHaproxyCrlFile([relabel(crlB, 'CRL'), crlA2]);
    expect(text).not.toContain('BEGIN CRL');
    expect(blocks(text)).toHaveLength(2);
    expect(text.endsWith('-----END X509 CRL-----\n')).toBe(true);
    const dir = await makeTempDir();
    try {
      const issuers = [];
      for (const [index, pem] of blocks(text).entries()) {
        await writeFile(join(dir.path, `${index}.pem`), pem);
        issuers.push((await openssl(['crl', '-in', join(dir.path, `${index}.pem`), '-noout', '-issuer'])).trim());
      }
      expect(issuers).toEqual(['issuer=CN = CA A', 'issuer=CN = CA B']);
    } finally {
      await dir.remove();
    }
  });

  it('keeps only the newest CRL of each issuer (the one OpenSSL would pick) and drops exact duplicates', async () => {
    const text = renderHaproxyCrlFile([crlA1, crlA2, crlA1, crlB, crlB]);
    expect(blocks(text)).toHaveLength(2);
    expect(blocks(text)[0]).toBe(crlA2);
    expect(await openssl(['crl', '-noout', '-text'], { input: blocks(text)[0] ?? '' })).toMatch(/Serial Number: 0A1B/);
  });

  it.each([
    ['reversed inputs', () => [crlB, crlA2, crlA1]],
    ['one text holding every CRL', () => [crlA1 + crlB + crlA2]],
    ['CRLF line ends', () => [crlA2.replace(/\n/g, '\r\n'), crlB]],
  ])('is byte for byte stable: %s', (_name, inputs) => {
    expect(renderHaproxyCrlFile(inputs())).toBe(renderHaproxyCrlFile([crlA1, crlA2, crlB]));
  });

  it.each([
    ['no CRL at all', () => [], /empty crl-file/],
    ['only whitespace', () => ['\n \n'], /not well-formed PEM|empty crl-file/],
    ['a certificate', () => [caA.cert], /input 1, block 1 is a "CERTIFICATE", not an X509 CRL/],
    ['a private key', () => [crlB, `-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n`], /input 2, block 1 is a "PRIVATE KEY".*never ship it/],
    ['a certificate labelled X509 CRL', () => [relabel(caA.cert, 'X509 CRL').replace(/CERTIFICATE/g, 'X509 CRL')], /not a valid DER CRL/],
    ['text around the blocks', () => [`crl:\n${crlB}`], /input 1 is not well-formed PEM/],
  ])('refuses %s', (_name, inputs, message) => {
    const run = () => renderHaproxyCrlFile(inputs());
    expect(run).toThrow(CrlFileError);
    expect(run).toThrow(message);
    expect(() => run()).not.toThrow(/MC4CAQAwBQYDK2VwBCIEI/);
  });

  describe('with the trusted CAs', () => {
    it('passes when every CA has a current CRL', () => {
      expect(blocks(renderHaproxyCrlFile([crlA2, crlB], { cas: [entryA, entryB], now: at('2025-01-20T00:00:00Z') }))).toHaveLength(2);
    });

    it.each<[string, () => string[], string, string[], string[]]>([
      ['a CA without a CRL', () => [crlA2], '2025-01-20T00:00:00Z', ['CN=CA B'], []],
      ['a CRL past its nextUpdate', () => [crlA2, crlB], '2025-02-12T00:00:00Z', [], ['CN=CA B']],
      ['a CRL not yet valid', () => [crlA2, crlB], '2025-01-12T00:00:00Z', [], ['CN=CA A']],
      ['both problems', () => [crlA1], '2025-02-05T00:00:00Z', ['CN=CA B'], ['CN=CA A']],
    ])('refuses %s, naming the CA', (_name, inputs, now, missing, stale) => {
      const error = thrown(() => renderHaproxyCrlFile(inputs(), { cas: [entryA, entryB], now: at(now) }));
      expect(error).toBeInstanceOf(CrlCoverageError);
      expect(error).toMatchObject({ code: 'CRL_COVERAGE_INCOMPLETE', kind: 'invalid-state', missing, stale });
      expect((error as Error).message).toMatch(/refuse every client of those CAs/);
    });

    it('checks only presence when no instant is given', () => {
      expect(blocks(renderHaproxyCrlFile([crlA1, crlB], { cas: [entryA, entryB] }))).toHaveLength(2);
    });
  });
});
