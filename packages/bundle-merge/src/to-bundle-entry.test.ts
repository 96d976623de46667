import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, openssl } from '@mtlsctl/peers';
import { decodePemBlocks, inspectCertificate } from '@mtlsctl/pki-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleInvalidCertificateError } from './errors/bundle-parse-error.js';
import { toBundleEntry } from './to-bundle-entry.js';
import { makeTestCa } from './test-support/test-pki.js';

const fixtures: Record<string, string> = {};
let dir: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  const ca = await makeTestCa({ name: 'C=FR, O=Acme+OU=PKI, CN=Société CA', serial: '00ff01' });
  fixtures['a CA with a multi-valued RDN, UTF-8 and a high-bit serial'] = ca.cert;
  fixtures['a leaf with a low first serial byte'] = (await ca.issue({ name: 'CN=alice, E=alice@example.com', serial: '0a1b' })).cert;
  fixtures['an intermediate CA'] = (await ca.issue({ name: 'CN=intermediate', isCa: true })).cert;
  dir = await makeTempDir();
  const key = join(dir.path, 'key.pem');
  const cert = join(dir.path, 'cert.pem');
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', key, '-out', cert, '-subj', '/DC=example/DC=org/CN=openssl root', '-days', '3']);
  fixtures['an openssl-made root (P-384, DC attributes)'] = await readFile(cert, 'utf8');
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=no key ids', '-days', '3', '-addext', 'subjectKeyIdentifier=none', '-addext', 'authorityKeyIdentifier=none', '-addext', 'basicConstraints=critical,CA:FALSE']);
  fixtures['a self-signed leaf without key identifiers'] = await readFile(cert, 'utf8');
});
afterAll(async () => dir?.remove());

describe('toBundleEntry', () => {
  it.each([
    'a CA with a multi-valued RDN, UTF-8 and a high-bit serial',
    'a leaf with a low first serial byte',
    'an intermediate CA',
    'an openssl-made root (P-384, DC attributes)',
    'a self-signed leaf without key identifiers',
  ])('reads the same facts as pki-core inspectCertificate for %s', (name) => {
    const pem = fixtures[name] ?? '';
    const [block] = decodePemBlocks(pem);
    const entry = toBundleEntry(block?.der ?? new Uint8Array());
    const info = inspectCertificate(pem);
    expect({
      fingerprint: entry.fingerprint,
      subject: entry.subject,
      issuer: entry.issuer,
      serialNumber: entry.serialNumber,
      notBefore: entry.notBefore,
      notAfter: entry.notAfter,
      isCa: entry.isCa,
      selfSigned: entry.selfSigned,
    }).toEqual({
      fingerprint: info.fingerprintSha256,
      subject: info.subject,
      issuer: info.issuer,
      serialNumber: info.serialNumber,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      isCa: info.isCa,
      selfSigned: info.selfSigned,
    });
  });

  it.each([
    ['no bytes', new Uint8Array()],
    ['not a SEQUENCE', new Uint8Array([0x04, 0x01, 0x00])],
    ['a SEQUENCE that is not a certificate', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])],
    ['a length longer than the bytes', new Uint8Array([0x30, 0x82, 0x10, 0x00, 0x02, 0x01, 0x05])],
  ])('refuses %s', (_name, der) => {
    expect(() => toBundleEntry(der, { block: 3, line: 7 })).toThrow(BundleInvalidCertificateError);
    expect(() => toBundleEntry(der, { block: 3, line: 7 })).toThrow(/block 3, line 7/);
  });
});
