import { makeTempDir, openssl, opensslResult, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntermediateCa } from '../certificates/create-intermediate-ca.js';
import { issueClientCertificate } from '../certificates/issue-client-certificate.js';
import { issueServerCertificate } from '../certificates/issue-server-certificate.js';
import type { Issuer } from '../certificates/issuer.js';
import { buildCrl } from '../crl/build-crl.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import { exportPrivateKeyPem, importPrivateKeyPem } from '../keys/private-key-pem.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { DAY, writeFiles } from '../test-support/fixtures.js';
import { verifyClientCertificate } from './verify-client-certificate.js';
import type { VerifyFailureReason, VerifyOptions } from './verify-types.js';

/** The instant most cases are checked at; certificates are laid out around it. */
const T = new Date('2030-06-01T00:00:00Z');
const at = (days: number) => new Date(T.getTime() + days * DAY);

interface Case {
  options: Omit<VerifyOptions, 'at'> & { at?: Date };
  /** undefined: accepted. */
  reason?: VerifyFailureReason;
  /** The CN of the certificate the failure names. */
  failed?: string;
  /** Whether `openssl verify` with the same inputs and flags is expected to agree; false for malformed inputs. */
  openssl?: boolean;
}

describe('verifyClientCertificate', () => {
  let dir: TempDir;
  const c: Record<string, string> = {};
  const cases = new Map<string, Case>();

  /** Signs a CSR with openssl (which, unlike mtlsctl, lets a leaf outlive or ignore its issuer) — to build invalid paths. */
  async function opensslSign(name: string, issuer: Issuer, extensions: string): Promise<{ pem: string; issuer: Issuer }> {
    const path = await writeFiles(dir, { [`${name}-ca.pem`]: issuer.certificatePem, [`${name}-ca.key`]: await exportPrivateKeyPem(issuer.privateKey), [`${name}.ext`]: extensions });
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', `/CN=${name}`]);
    await openssl(['x509', '-req', '-in', path(`${name}.csr`), '-CA', path(`${name}-ca.pem`), '-CAkey', path(`${name}-ca.key`), '-set_serial', '0x7e57', '-days', '3650', '-extfile', path(`${name}.ext`), '-out', path(`${name}.pem`)]);
    const pem = await openssl(['x509', '-in', path(`${name}.pem`)]);
    const { privateKey } = await importPrivateKeyPem(await openssl(['pkey', '-in', path(`${name}.key`)]));
    return { pem, issuer: { certificatePem: pem, privateKey } };
  }

  beforeAll(async () => {
    dir = await makeTempDir();
    const clientExt = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';
    const caExt = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
    const { publicKey } = await generateKeyPair('p256');
    const root = await makeTestCa('p256', { subject: 'CN=Verify Root,O=mtlsctl tests', now: at(-400) });
    const interKeys = await generateKeyPair('p256');
    c.root = root.pem;
    c.inter = await createIntermediateCa({ subject: 'CN=Verify Intermediate', publicKey: interKeys.publicKey, issuer: root.issuer, now: at(-300), validityDays: 1000 });
    const inter: Issuer = { certificatePem: c.inter, privateKey: interKeys.privateKey };
    c.leaf = await issueClientCertificate({ username: 'leaf', publicKey, issuer: inter, now: at(-10), validityDays: 30 });
    c.direct = await issueClientCertificate({ username: 'direct', publicKey, issuer: root.issuer, now: at(-10), validityDays: 30 });
    c.server = await issueServerCertificate({ dnsNames: ['localhost'], publicKey, issuer: root.issuer, now: at(-10), validityDays: 30 });
    const other = await makeTestCa('p256', { subject: 'CN=Other Root', now: at(-400) });
    c.other = other.pem;
    c.stranger = await issueClientCertificate({ username: 'stranger', publicKey, issuer: other.issuer, now: at(-10), validityDays: 30 });
    const impostor = await makeTestCa('p256', { subject: 'CN=Verify Root,O=mtlsctl tests', now: at(-400) });
    c.impostorLeaf = await issueClientCertificate({ username: 'impostor', publicKey, issuer: impostor.issuer, now: at(-10), validityDays: 30 });
    const shortKeys = await generateKeyPair('p256');
    const shortInter: Issuer = {
      certificatePem: await createIntermediateCa({ subject: 'CN=Short Intermediate', publicKey: shortKeys.publicKey, issuer: root.issuer, now: at(-100), validityDays: 30 }),
      privateKey: shortKeys.privateKey,
    };
    c.shortInter = shortInter.certificatePem;
    c.shortLeaf = (await opensslSign('short-leaf', shortInter, clientExt)).pem;
    const futureRoot: TestCa = await makeTestCa('p256', { subject: 'CN=Future Root', now: at(5) });
    c.futureRoot = futureRoot.pem;
    c.futureLeaf = (await opensslSign('future-leaf', futureRoot.issuer, clientExt)).pem;
    const directIssuer: Issuer = { certificatePem: c.direct, privateKey: (await generateKeyPair('p256')).privateKey };
    void directIssuer;
    const notCa = await opensslSign('not-ca', root.issuer, clientExt);
    c.notCa = notCa.pem;
    c.notCaLeaf = (await opensslSign('under-not-ca', notCa.issuer, clientExt)).pem;
    const tightRoot = await makeTestCa('p256', { subject: 'CN=Tight Root', now: at(-400), pathLength: 0 });
    c.tightRoot = tightRoot.pem;
    const middle = await opensslSign('middle', tightRoot.issuer, caExt);
    c.middle = middle.pem;
    c.pathLeaf = await issueClientCertificate({ username: 'path-leaf', publicKey, issuer: middle.issuer, now: at(-10), validityDays: 30 });
    const impostorInter = await makeTestCa('p256', { subject: 'CN=Verify Intermediate', now: at(-400) });
    const serial = (pem: string) => inspectCertificate(pem).serialNumber;
    const crl = (issuer: Issuer, from: number, to: number, revoked: string[] = []) =>
      buildCrl({ issuer, revoked: revoked.map((s) => ({ serialNumber: s, revokedAt: at(from), reason: 'keyCompromise' as const })), crlNumber: 1, thisUpdate: at(from), nextUpdate: at(to) });
    c.crlClean = await crl(inter, -1, 6);
    c.crlRevoking = await crl(inter, -1, 6, [serial(c.leaf)]);
    c.crlExpired = await crl(inter, -10, -3);
    c.crlFuture = await crl(inter, 1, 8);
    c.crlImpostor = await crl(impostorInter.issuer, -1, 6);
    c.rootCrlClean = await crl(root.issuer, -1, 6);
    c.rootCrlRevokingInter = await crl(root.issuer, -1, 6, [serial(c.inter)]);

    const base = { certificate: c.leaf, trustAnchors: [c.root], intermediates: [c.inter] };
    const table: Array<[string, Case]> = [
      ['a leaf through an intermediate', { options: base }],
      ['a leaf issued by the root', { options: { certificate: c.direct, trustAnchors: [c.root] } }],
      ['a leaf whose anchor sits in a bundle of two CAs', { options: { ...base, trustAnchors: [c.other + c.root] } }],
      ['a leaf not listed in its issuer\'s current CRL', { options: { ...base, crls: [c.crlClean] } }],
      ['a leaf and intermediate with current CRLs in chain mode', { options: { ...base, crls: [c.crlClean, c.rootCrlClean], crlCheck: 'chain' } }],
      ['a server certificate when clientAuth is not required', { options: { certificate: c.server, trustAnchors: [c.root], requireClientAuth: false } }],
      ['a leaf under an intermediate trusted as a partial chain', { options: { certificate: c.leaf, trustAnchors: [c.inter], partialChain: true } }],
      ['an expired leaf', { options: { ...base, at: at(25) }, reason: 'expired', failed: 'leaf' }],
      ['a leaf not yet valid', { options: { ...base, at: at(-11) }, reason: 'not-yet-valid', failed: 'leaf' }],
      ['a leaf under an expired intermediate', { options: { certificate: c.shortLeaf, trustAnchors: [c.root], intermediates: [c.shortInter] }, reason: 'issuer-expired', failed: 'Short Intermediate' }],
      ['a leaf under a root not yet valid', { options: { certificate: c.futureLeaf, trustAnchors: [c.futureRoot] }, reason: 'issuer-not-yet-valid', failed: 'Future Root' }],
      ['a leaf signed by an unknown CA', { options: { certificate: c.stranger, trustAnchors: [c.root] }, reason: 'untrusted-issuer', failed: 'stranger' }],
      ['a leaf whose intermediate is missing', { options: { certificate: c.leaf, trustAnchors: [c.root] }, reason: 'untrusted-issuer', failed: 'leaf' }],
      ['a leaf under an intermediate anchor that is not self-signed', { options: { certificate: c.leaf, trustAnchors: [c.inter] }, reason: 'untrusted-issuer', failed: 'Verify Intermediate' }],
      ['a leaf signed by an impostor CA with the trusted name', { options: { certificate: c.impostorLeaf, trustAnchors: [c.root] }, reason: 'bad-signature', failed: 'impostor' }],
      ['a leaf signed by a certificate without the CA flag', { options: { certificate: c.notCaLeaf, trustAnchors: [c.root], intermediates: [c.notCa] }, reason: 'issuer-not-ca', failed: 'not-ca' }],
      ['a path longer than the root\'s pathLen allows', { options: { certificate: c.pathLeaf, trustAnchors: [c.tightRoot], intermediates: [c.middle] }, reason: 'path-length-exceeded', failed: 'Tight Root' }],
      ['a certificate without the clientAuth EKU', { options: { certificate: c.server, trustAnchors: [c.root] }, reason: 'missing-client-auth', failed: 'localhost' }],
      ['a revoked leaf', { options: { ...base, crls: [c.crlRevoking] }, reason: 'revoked', failed: 'leaf' }],
      ['a revoked intermediate in chain mode', { options: { ...base, crls: [c.crlClean, c.rootCrlRevokingInter], crlCheck: 'chain' }, reason: 'revoked', failed: 'Verify Intermediate' }],
      ['a leaf whose issuer has no CRL among those given', { options: { ...base, crls: [c.rootCrlClean] }, reason: 'crl-missing', failed: 'leaf' }],
      ['an intermediate without a CRL in chain mode', { options: { ...base, crls: [c.crlClean], crlCheck: 'chain' }, reason: 'crl-missing', failed: 'Verify Intermediate' }],
      ['a leaf checked against an expired CRL', { options: { ...base, crls: [c.crlExpired] }, reason: 'crl-expired', failed: 'leaf' }],
      ['a leaf checked against a CRL not yet valid', { options: { ...base, crls: [c.crlFuture] }, reason: 'crl-not-yet-valid', failed: 'leaf' }],
      ['a leaf checked against a CRL with a bad signature', { options: { ...base, crls: [c.crlImpostor] }, reason: 'crl-bad-signature', failed: 'leaf' }],
      ['an unreadable certificate', { options: { ...base, certificate: 'garbage' }, reason: 'malformed', openssl: false }],
      ['an unreadable trust anchor', { options: { ...base, trustAnchors: [c.root, 'garbage'] }, reason: 'malformed', openssl: false }],
      ['no trust anchor', { options: { ...base, trustAnchors: [] }, reason: 'malformed', openssl: false }],
      ['an unreadable CRL', { options: { ...base, crls: [c.leaf] }, reason: 'malformed', openssl: false }],
    ];
    for (const [name, testCase] of table) cases.set(name, testCase);
  });
  afterAll(async () => dir?.remove());

  const names = [
    'a leaf through an intermediate', 'a leaf issued by the root', 'a leaf whose anchor sits in a bundle of two CAs',
    'a leaf not listed in its issuer\'s current CRL', 'a leaf and intermediate with current CRLs in chain mode',
    'a server certificate when clientAuth is not required', 'a leaf under an intermediate trusted as a partial chain',
    'an expired leaf', 'a leaf not yet valid', 'a leaf under an expired intermediate', 'a leaf under a root not yet valid',
    'a leaf signed by an unknown CA', 'a leaf whose intermediate is missing', 'a leaf under an intermediate anchor that is not self-signed',
    'a leaf signed by an impostor CA with the trusted name', 'a leaf signed by a certificate without the CA flag',
    'a path longer than the root\'s pathLen allows', 'a certificate without the clientAuth EKU', 'a revoked leaf',
    'a revoked intermediate in chain mode', 'a leaf whose issuer has no CRL among those given', 'an intermediate without a CRL in chain mode',
    'a leaf checked against an expired CRL', 'a leaf checked against a CRL not yet valid', 'a leaf checked against a CRL with a bad signature',
    'an unreadable certificate', 'an unreadable trust anchor', 'no trust anchor', 'an unreadable CRL',
  ];

  it('has one table row per case name', () => {
    expect([...cases.keys()]).toEqual(names);
  });

  it.each(names)('judges %s as expected, and openssl verify agrees', async (name) => {
    const { options, reason, failed, openssl: compare = true } = cases.get(name)!;
    const result = await verifyClientCertificate({ ...options, at: options.at ?? T });
    if (reason === undefined) {
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false, reason });
      if (!result.ok) {
        expect(result.message.length).toBeGreaterThan(20);
        expect(result.failedCertificate?.commonName).toBe(failed);
      }
    }
    if (compare) expect(await opensslAccepts(options)).toBe(reason === undefined);
  });

  it('returns the chain leaf first, with what each certificate says', async () => {
    const result = await verifyClientCertificate({ certificate: c.leaf!, trustAnchors: [c.root!], intermediates: [c.other!, c.inter!], at: T });
    expect(result.ok && result.chain.map((info) => info.commonName)).toEqual(['leaf', 'Verify Intermediate', 'Verify Root']);
  });

  it('names the revocation reason and date in the message', async () => {
    const result = await verifyClientCertificate({ certificate: c.leaf!, trustAnchors: [c.root!], intermediates: [c.inter!], crls: [c.crlRevoking!], at: T });
    expect(!result.ok && result.message).toMatch(/revoked on 2030-05-31T00:00:00.000Z \(keyCompromise\)/);
  });

  /** Runs `openssl verify` with the same inputs: -attime, -purpose sslclient, -crl_check(_all), -partial_chain. */
  async function opensslAccepts(options: Case['options']): Promise<boolean> {
    const files: Record<string, string> = {
      'v-leaf.pem': String(options.certificate),
      'v-anchors.pem': options.trustAnchors.join(''),
      'v-untrusted.pem': (options.intermediates ?? []).join(''),
      'v-crls.pem': (options.crls ?? []).map(String).join(''),
    };
    const path = await writeFiles(dir, files);
    const args = ['verify', '-attime', String(Math.floor((options.at ?? T).getTime() / 1000)), '-CAfile', path('v-anchors.pem')];
    if (options.intermediates?.length) args.push('-untrusted', path('v-untrusted.pem'));
    if (options.crls?.length) args.push('-CRLfile', path('v-crls.pem'), options.crlCheck === 'chain' ? '-crl_check_all' : '-crl_check');
    if (options.requireClientAuth !== false) args.push('-purpose', 'sslclient');
    if (options.partialChain) args.push('-partial_chain');
    return (await opensslResult([...args, path('v-leaf.pem')])).code === 0;
  }
});
