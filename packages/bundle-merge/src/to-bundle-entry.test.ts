import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, openssl } from '@mtlsctl/peers';
import { decodePemBlocks, inspectCertificate, readCertificateFacts } from '@mtlsctl/pki-core';
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
  // The same key certified as "CN=ACME Root" (self-signed) and, by that, as "CN=acme root": self-issued by RFC 5280.
  const upper = join(dir.path, 'upper.pem');
  const csr = join(dir.path, 'lower.csr');
  await openssl(['req', '-x509', '-key', key, '-out', upper, '-subj', '/CN=ACME Root', '-days', '3', '-addext', 'basicConstraints=critical,CA:TRUE']);
  await openssl(['req', '-new', '-key', key, '-out', csr, '-subj', '/CN=acme root']);
  await openssl(['x509', '-req', '-in', csr, '-CA', upper, '-CAkey', key, '-days', '3', '-out', cert]);
  fixtures['self-issued but for case'] = await readFile(cert, 'utf8');
});
afterAll(async () => dir?.remove());

describe('toBundleEntry', () => {
  it.each([
    'a CA with a multi-valued RDN, UTF-8 and a high-bit serial',
    'a leaf with a low first serial byte',
    'an intermediate CA',
    'an openssl-made root (P-384, DC attributes)',
    'a self-signed leaf without key identifiers',
  ])('is pki-core\'s certificate facts of %s with its DER and canonical PEM', (name) => {
    const pem = fixtures[name] ?? '';
    const [block] = decodePemBlocks(pem);
    const der = block?.der ?? new Uint8Array();
    const entry = toBundleEntry(der);
    const { pem: entryPem, der: entryDer, ...facts } = entry;
    expect(facts).toEqual(readCertificateFacts(der));
    expect(inspectCertificate(pem)).toMatchObject(facts);
    expect([entryPem, entryDer]).toEqual([pem, der]);
  });

  it('calls self-signed what pki-core does: names that match but for case, key ids that agree', () => {
    const [block] = decodePemBlocks(fixtures['self-issued but for case'] ?? '');
    const entry = toBundleEntry(block?.der ?? new Uint8Array());
    expect([entry.subject, entry.issuer, entry.selfSigned]).toEqual(['CN=acme root', 'CN=ACME Root', true]);
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
