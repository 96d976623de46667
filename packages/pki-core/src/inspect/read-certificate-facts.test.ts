import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thrown } from '@mtlsctl/errors/testing';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { normalizeHex } from '../internal/bytes.js';
import { x509 } from '../internal/x509.js';
import { decodePemBlocks } from '../pem/decode-pem-blocks.js';
import { inspectCertificate } from './inspect-certificate.js';
import { readCertificateFacts } from './read-certificate-facts.js';

const fixtures: Record<string, string> = {};
let dir: TempDir;

function derOf(pem: string): Uint8Array {
  return decodePemBlocks(pem)[0]?.der ?? new Uint8Array();
}

beforeAll(async () => {
  dir = await makeTempDir();
  const path = (name: string) => `${dir.path}/${name}`;
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path('ca.key'), '-out', path('ca.pem'), '-days', '30',
    '-utf8', '-multivalue-rdn', '-subj', '/C=FR/O=Acme+OU=PKI/CN=Société CA', '-set_serial', '0x00ff01', '-addext', 'basicConstraints=critical,CA:TRUE']);
  fixtures['a CA with a multi-valued RDN, UTF-8 and a high-bit serial'] = await openssl(['x509', '-in', path('ca.pem')]);
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', path('leaf.key'), '-out', path('leaf.csr'), '-subj', '/CN=alice/emailAddress=alice@example.com']);
  await openssl(['x509', '-req', '-in', path('leaf.csr'), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-set_serial', '0x0a1b', '-days', '7', '-out', path('leaf.pem')]);
  fixtures['a leaf with a low first serial byte'] = await openssl(['x509', '-in', path('leaf.pem')]);
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', path('dc.key'), '-out', path('dc.pem'), '-subj', '/DC=example/DC=org/CN=openssl root', '-days', '3']);
  fixtures['an openssl-made root (P-384, DC attributes)'] = await openssl(['x509', '-in', path('dc.pem')]);
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path('n.key'), '-out', path('n.pem'), '-subj', '/CN=no key ids', '-days', '3',
    '-addext', 'subjectKeyIdentifier=none', '-addext', 'authorityKeyIdentifier=none', '-addext', 'basicConstraints=critical,CA:FALSE']);
  fixtures['a self-signed leaf without key identifiers'] = await openssl(['x509', '-in', path('n.pem')]);
  // Self-issued with a name that matches its issuer's only case-insensitively: the CA's own key, re-certified
  // by the CA under "CN=acme root" (so its SKI is the CA's, which is its AKI).
  await openssl(['req', '-x509', '-key', path('ca.key'), '-out', path('upper.pem'), '-subj', '/CN=ACME Root', '-days', '3', '-addext', 'basicConstraints=critical,CA:TRUE']);
  await openssl(['req', '-new', '-key', path('ca.key'), '-out', path('lower.csr'), '-subj', '/CN=acme root']);
  await openssl(['x509', '-req', '-in', path('lower.csr'), '-CA', path('upper.pem'), '-CAkey', path('ca.key'), '-days', '3', '-out', path('lower.pem')]);
  fixtures['a certificate whose issuer matches its subject but for case'] = await openssl(['x509', '-in', path('lower.pem')]);
});
afterAll(async () => dir?.remove());

describe('readCertificateFacts', () => {
  it.each([
    'a CA with a multi-valued RDN, UTF-8 and a high-bit serial',
    'a leaf with a low first serial byte',
    'an openssl-made root (P-384, DC attributes)',
    'a self-signed leaf without key identifiers',
    'a certificate whose issuer matches its subject but for case',
  ])('reads what @peculiar/x509 and openssl read of %s', async (name) => {
    const pem = fixtures[name] ?? '';
    const facts = readCertificateFacts(derOf(pem));
    const full = new x509.X509Certificate(pem);
    const fingerprint = (await openssl(['x509', '-noout', '-fingerprint', '-sha256'], { input: pem })).trim().split('=')[1]?.replaceAll(':', '').toLowerCase();
    expect({ ...facts, selfSigned: undefined }).toEqual({
      fingerprint,
      subject: full.subject,
      issuer: full.issuer,
      serialNumber: normalizeHex(full.serialNumber),
      notBefore: full.notBefore,
      notAfter: full.notAfter,
      isCa: full.getExtension(x509.BasicConstraintsExtension)?.ca === true,
      ...(full.getExtension(x509.SubjectKeyIdentifierExtension) ? { subjectKeyIdentifier: full.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId.toLowerCase() } : {}),
      ...(full.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId ? { authorityKeyIdentifier: full.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId?.toLowerCase() } : {}),
      selfSigned: undefined,
    });
  });

  it('is the facts inspectCertificate reports', () => {
    for (const pem of Object.values(fixtures)) expect(inspectCertificate(pem)).toMatchObject(readCertificateFacts(derOf(pem)));
  });

  it('calls a certificate self-signed when its names match as RFC 5280 compares them and its key ids agree', () => {
    expect(readCertificateFacts(derOf(fixtures['a CA with a multi-valued RDN, UTF-8 and a high-bit serial'] ?? '')).selfSigned).toBe(true);
    expect(readCertificateFacts(derOf(fixtures['a self-signed leaf without key identifiers'] ?? '')).selfSigned).toBe(true);
    expect(readCertificateFacts(derOf(fixtures['a leaf with a low first serial byte'] ?? '')).selfSigned).toBe(false);
    const caseOnly = readCertificateFacts(derOf(fixtures['a certificate whose issuer matches its subject but for case'] ?? ''));
    expect([caseOnly.subject, caseOnly.issuer, caseOnly.selfSigned]).toEqual(['CN=acme root', 'CN=ACME Root', true]);
  });

  it.each([
    ['no bytes', new Uint8Array()],
    ['not a SEQUENCE', new Uint8Array([0x04, 0x01, 0x00])],
    ['a SEQUENCE that is not a certificate', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])],
    ['a length longer than the bytes', new Uint8Array([0x30, 0x82, 0x10, 0x00, 0x02, 0x01, 0x05])],
  ])('refuses %s with a DerDecodeError', (_name, der) => {
    expect(thrown(() => readCertificateFacts(der))).toBeInstanceOf(DerDecodeError);
  });
});
