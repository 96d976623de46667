import { makeTempDir, openssl, opensslResult, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueClientCertificate } from '../certificates/issue-client-certificate.js';
import { InvalidParameterError } from '../errors/invalid-parameter-error.js';
import { InvalidValidityError } from '../errors/invalid-validity-error.js';
import { IssuerNotCaError } from '../errors/issuer-errors.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import { KEY_TYPES, type KeyType } from '../keys/key-type.js';
import { importPrivateKeyPem } from '../keys/private-key-pem.js';
import { decodeSingle } from '../pem/decode-single.js';
import { encodePem } from '../pem/encode-pem.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { DAY, writeFiles } from '../test-support/fixtures.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber } from '@peculiar/asn1-x509';
import { childrenOf, readTlv } from '../internal/der.js';
import { resolveIssuer } from '../internal/resolve-issuer.js';
import { x509 } from '../internal/x509.js';
import { buildCrl } from './build-crl.js';
import { CRL_REASONS, crlReasonCode, crlReasonOf } from './crl-reason.js';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { parseCrl, parseX509Crl } from './parse-crl.js';
import { verifyCrlSignature } from './verify-crl-signature.js';

/** The tbsCertList element of a DER CRL. */
function tbsOf(crl: Uint8Array): Uint8Array {
  const [tbs] = childrenOf(crl, readTlv(crl, 0));
  return crl.subarray(tbs!.start, tbs!.end);
}

describe('buildCrl', () => {
  let dir: TempDir;
  const now = new Date();
  const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
  const nextUpdate = new Date(thisUpdate.getTime() + 7 * DAY);
  const cas = new Map<KeyType, TestCa>();
  let ca: TestCa;
  let revokedPem: string;
  let goodPem: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    for (const keyType of KEY_TYPES) cas.set(keyType, await makeTestCa(keyType, { now }));
    ca = cas.get('p256')!;
    const { publicKey } = await generateKeyPair('p256');
    revokedPem = await issueClientCertificate({ username: 'mallory', publicKey, issuer: ca.issuer, now });
    goodPem = await issueClientCertificate({ username: 'alice', publicKey, issuer: ca.issuer, now });
  });
  afterAll(async () => dir?.remove());

  it.each(KEY_TYPES)('writes a "BEGIN X509 CRL" signed by a %s CA that openssl crl -verify accepts', async (keyType) => {
    const issuing = cas.get(keyType)!;
    const crlPem = await buildCrl({ issuer: issuing.issuer, revoked: [{ serialNumber: '1234', revokedAt: thisUpdate, reason: 'superseded' }], crlNumber: 3, thisUpdate, nextUpdate });
    expect(crlPem).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n$/);
    const path = await writeFiles(dir, { [`${keyType}.pem`]: issuing.pem });
    const result = await opensslResult(['crl', '-noout', '-verify', '-CAfile', path(`${keyType}.pem`)], { input: crlPem });
    expect(result.stderr.trim()).toBe('verify OK');
    expect(await verifyCrlSignature(crlPem, issuing.pem)).toBe(true);
  });

  it.each(KEY_TYPES)('writes, for a %s CA, the to-be-signed bytes @peculiar/x509 writes', async (keyType) => {
    const issuing = cas.get(keyType)!;
    const revoked = [
      { serialNumber: '1234', revokedAt: thisUpdate, reason: 'superseded' as const },
      { serialNumber: '7f'.repeat(16), revokedAt: new Date(Date.UTC(2051, 0, 2, 3, 4, 5)), reason: 'keyCompromise' as const },
      { serialNumber: '01', revokedAt: new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), reason: 'cessationOfOperation' as const },
    ];
    const mine = tbsOf(decodeSingle(await buildCrl({ issuer: issuing.issuer, revoked, crlNumber: 2 ** 40, thisUpdate, nextUpdate }), 'X509 CRL'));
    const resolved = await resolveIssuer(issuing.issuer, globalThis.crypto);
    const library = await x509.X509CrlGenerator.create({
      issuer: resolved.certificate.subjectName,
      thisUpdate,
      nextUpdate,
      signingKey: issuing.issuer.privateKey,
      signingAlgorithm: resolved.signingAlgorithm,
      entries: revoked.map((r) => ({ serialNumber: r.serialNumber, revocationDate: r.revokedAt, reason: crlReasonCode(r.reason) })),
      extensions: [resolved.authorityKeyIdentifier, new x509.Extension('2.5.29.20', false, AsnConvert.serialize(new CRLNumber(2 ** 40)))],
    });
    expect(Buffer.from(mine).toString('hex')).toBe(Buffer.from(tbsOf(new Uint8Array(library.rawData))).toString('hex'));
  });

  it('reads a CRL (DER walk) as @peculiar/x509 reads it, and refuses a truncated or trailing-byte one', async () => {
    const revoked = Array.from({ length: 50 }, (_, n) => ({ serialNumber: (n + 1).toString(16).padStart(2, '0') + 'ab'.repeat(n % 17), revokedAt: new Date(thisUpdate.getTime() - n * DAY), ...(n % 3 ? { reason: CRL_REASONS[n % CRL_REASONS.length]! } : {}) }));
    const crlPem = await buildCrl({ issuer: ca.issuer, revoked, crlNumber: 77, thisUpdate, nextUpdate });
    const library = parseX509Crl(crlPem);
    const info = parseCrl(crlPem);
    expect(info.issuer).toBe(library.issuer);
    expect(info.thisUpdate).toEqual(library.thisUpdate);
    expect(info.nextUpdate).toEqual(library.nextUpdate);
    expect(info.crlNumber).toBe(77);
    expect(info.authorityKeyIdentifier).toBe(library.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId?.toLowerCase());
    expect(info.revoked).toEqual(library.entries.map((e) => ({ serialNumber: e.serialNumber.replace(/^(00)+(?=..)/, '').toLowerCase(), revokedAt: e.revocationDate, ...(crlReasonOf(e.reason) ? { reason: crlReasonOf(e.reason) } : {}) })));
    const der = decodeSingle(crlPem, 'X509 CRL');
    expect(() => parseCrl(der.subarray(0, der.length - 5))).toThrow(DerDecodeError);
    expect(() => parseCrl(Buffer.concat([der, Buffer.from([0])]))).toThrow(DerDecodeError);
  });

  it('leaves crlEntryExtensions out of an entry without a reason or with `unspecified` (RFC 5280: never an empty SEQUENCE, no reasonCode 0), and revokedCertificates out of an empty CRL', async () => {
    const revoked = [{ serialNumber: '0a', revokedAt: thisUpdate }, { serialNumber: '0b', revokedAt: thisUpdate, reason: 'unspecified' as const }];
    const crl = decodeSingle(await buildCrl({ issuer: ca.issuer, revoked, crlNumber: 1, thisUpdate, nextUpdate }), 'X509 CRL');
    const tbs = tbsOf(crl);
    const fields = childrenOf(tbs, readTlv(tbs, 0));
    for (const entry of childrenOf(tbs, fields[5]!)) expect(childrenOf(tbs, entry).map((f) => f.tag)).toEqual([0x02, 0x17]);
    const empty = tbsOf(decodeSingle(await buildCrl({ issuer: ca.issuer, revoked: [], crlNumber: 2, thisUpdate, nextUpdate }), 'X509 CRL'));
    expect(childrenOf(empty, readTlv(empty, 0)).map((f) => f.tag)).toEqual([0x02, 0x30, 0x30, 0x17, 0x17, 0xa0]);
  });

  it('writes the CRL number, the authority key identifier, the serials and reason codes openssl shows', async () => {
    const crlPem = await buildCrl({
      issuer: ca.issuer,
      revoked: [
        { serialNumber: 'FF:01', revokedAt: new Date('2026-01-02T03:04:05Z'), reason: 'keyCompromise' },
        { serialNumber: '0abc', revokedAt: new Date('2026-02-01T00:00:00Z') },
      ],
      crlNumber: 4_294_967_297,
      thisUpdate,
      nextUpdate,
    });
    const text = await openssl(['crl', '-noout', '-text'], { input: crlPem });
    expect(text).toMatch(/X509v3 CRL Number:\s+4294967297\n/);
    expect(text).toMatch(/X509v3 Authority Key Identifier:\s+(keyid:)?/);
    expect(text).toContain(`${inspectCertificate(ca.pem).subjectKeyIdentifier!.toUpperCase().match(/../g)!.join(':')}`);
    expect(text).toMatch(/Serial Number: FF01\s+Revocation Date: Jan {2}2 03:04:05 2026 GMT\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+Key Compromise/);
    expect(text).toMatch(/Serial Number: 0ABC\s+Revocation Date: Feb {2}1 00:00:00 2026 GMT\n/);
    expect(parseCrl(crlPem)).toEqual({
      issuer: inspectCertificate(ca.pem).subject,
      thisUpdate,
      nextUpdate,
      crlNumber: 4_294_967_297,
      authorityKeyIdentifier: inspectCertificate(ca.pem).subjectKeyIdentifier,
      revoked: [
        { serialNumber: 'ff01', revokedAt: new Date('2026-01-02T03:04:05Z'), reason: 'keyCompromise' },
        { serialNumber: '0abc', revokedAt: new Date('2026-02-01T00:00:00Z') },
      ],
    });
  });

  it('makes openssl verify -crl_check refuse the revoked certificate and accept the others', async () => {
    const crlPem = await buildCrl({ issuer: ca.issuer, revoked: [{ serialNumber: inspectCertificate(revokedPem).serialNumber, revokedAt: thisUpdate, reason: 'keyCompromise' }], crlNumber: 1, thisUpdate, nextUpdate });
    const path = await writeFiles(dir, { 'ca.pem': ca.pem, 'crl.pem': crlPem, 'revoked.pem': revokedPem, 'good.pem': goodPem });
    const check = (leaf: string) => opensslResult(['verify', '-crl_check', '-CAfile', path('ca.pem'), '-CRLfile', path('crl.pem'), path(leaf)]);
    const revoked = await check('revoked.pem');
    expect(revoked.code).not.toBe(0);
    expect(revoked.stdout.toString() + revoked.stderr).toContain('certificate revoked');
    const good = await check('good.pem');
    expect(good.code).toBe(0);
    expect(good.stdout.toString()).toMatch(/good\.pem: OK/);
  });

  it('writes and reads back a CRL of 3 000 entries, beyond the ASN.1 parser\'s default node limit', async () => {
    const revoked = Array.from({ length: 3000 }, (_, i) => ({ serialNumber: (0x40000000 + i).toString(16), revokedAt: thisUpdate }));
    const crlPem = await buildCrl({ issuer: ca.issuer, revoked, crlNumber: 9, thisUpdate, nextUpdate });
    const info = parseCrl(crlPem);
    expect(info.revoked).toHaveLength(3000);
    expect(info.revoked[2999]).toEqual({ serialNumber: (0x40000000 + 2999).toString(16), revokedAt: thisUpdate });
    expect(await verifyCrlSignature(crlPem, ca.pem)).toBe(true);
  });

  it('writes an empty CRL when nothing is revoked', async () => {
    const crlPem = await buildCrl({ issuer: ca.issuer, revoked: [], crlNumber: 0, thisUpdate, nextUpdate });
    expect(parseCrl(crlPem)).toMatchObject({ crlNumber: 0, revoked: [] });
    expect(await openssl(['crl', '-noout', '-text'], { input: crlPem })).toContain('No Revoked Certificates.');
  });

  it.each([
    ['a nextUpdate not after thisUpdate', { nextUpdate: thisUpdate }, InvalidValidityError],
    ['a negative CRL number', { crlNumber: -1 }, InvalidParameterError],
    ['a fractional CRL number', { crlNumber: 1.5 }, InvalidParameterError],
    ['a serial listed twice', { revoked: [{ serialNumber: '01', revokedAt: now }, { serialNumber: '0001', revokedAt: now }] }, InvalidParameterError],
    ['a serial that is not hex', { revoked: [{ serialNumber: 'xyz', revokedAt: now }] }, InvalidParameterError],
    ['an unknown reason', { revoked: [{ serialNumber: '01', revokedAt: now, reason: 'bored' as never }] }, InvalidParameterError],
  ])('refuses %s with a typed error', async (_, override, type) => {
    await expect(buildCrl({ issuer: ca.issuer, revoked: [], crlNumber: 1, thisUpdate, nextUpdate, ...override })).rejects.toBeInstanceOf(type);
  });

  it('refuses a CA whose key usage lacks cRLSign', async () => {
    const path = (name: string) => `${dir.path}/${name}`;
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path('nocrl.key'), '-out', path('nocrl.pem'),
      '-subj', '/CN=no crl sign', '-days', '2', '-addext', 'keyUsage=critical,keyCertSign']);
    const { privateKey } = await importPrivateKeyPem(await openssl(['pkey', '-in', path('nocrl.key')]));
    const issuer = { certificatePem: await openssl(['x509', '-in', path('nocrl.pem')]), privateKey };
    await expect(buildCrl({ issuer, revoked: [], crlNumber: 1, thisUpdate, nextUpdate })).rejects.toThrow(IssuerNotCaError);
  });
});

describe('parseCrl', () => {
  let dir: TempDir;
  let caPem: string;
  let crlPem: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    const path = await writeFiles(dir, {
      'openssl.cnf': '[ca]\ndefault_ca = ca_default\n[ca_default]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\ncrl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n',
      'index.txt': 'R\t300101000000Z\t260102030405Z,keyCompromise\t0A1B\tunknown\t/CN=mallory\nV\t300101000000Z\t\t0C0D\tunknown\t/CN=alice\n',
      crlnumber: '05\n',
    });
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca.key'), '-out', path('ca.pem'), '-subj', '/CN=openssl CA', '-days', '2']);
    await openssl(['ca', '-config', path('openssl.cnf'), '-gencrl', '-keyfile', path('ca.key'), '-cert', path('ca.pem'), '-out', path('crl.pem')], { cwd: dir.path });
    caPem = await openssl(['x509', '-in', path('ca.pem')]);
    crlPem = await openssl(['crl', '-in', path('crl.pem')]);
  });
  afterAll(async () => dir?.remove());

  it('reads a CRL made by openssl ca -gencrl', () => {
    const info = parseCrl(crlPem);
    expect(info).toMatchObject({
      issuer: 'CN=openssl CA',
      crlNumber: 5,
      authorityKeyIdentifier: inspectCertificate(caPem).subjectKeyIdentifier,
      revoked: [{ serialNumber: '0a1b', revokedAt: new Date('2026-01-02T03:04:05Z'), reason: 'keyCompromise' }],
    });
    expect(info.nextUpdate!.getTime() - info.thisUpdate.getTime()).toBe(7 * DAY);
  });

  it('verifies the signature of an openssl CRL with its CA, and not with another CA', async () => {
    expect(await verifyCrlSignature(crlPem, caPem)).toBe(true);
    expect(await verifyCrlSignature(crlPem, (await makeTestCa('p256', { subject: 'CN=openssl CA' })).pem)).toBe(false);
    expect(await verifyCrlSignature(crlPem, (await makeTestCa('p256')).pem)).toBe(false);
  });

  it('reports a CRL with an altered revocation list as badly signed', async () => {
    const der = decodeSingle(crlPem, 'X509 CRL');
    const text = Buffer.from(der).toString('hex');
    const altered = Buffer.from(text.replace('020a1b', '020a1c'), 'hex');
    expect(parseCrl(altered).revoked[0]!.serialNumber).toBe('0a1c');
    expect(await verifyCrlSignature(altered, caPem)).toBe(false);
  });

  it('reads DER and the "BEGIN CRL" label of @peculiar/x509, and refuses a certificate', () => {
    const der = decodeSingle(crlPem, 'X509 CRL');
    expect(parseCrl(der)).toEqual(parseCrl(crlPem));
    expect(parseCrl(encodePem('CRL', der))).toEqual(parseCrl(crlPem));
    expect(() => parseCrl(caPem)).toThrow(PemLabelError);
  });
});
