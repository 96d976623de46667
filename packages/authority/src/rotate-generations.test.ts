import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess } from '@mtlsctl/peers';
import { inspectCertificate, parseCrl } from '@mtlsctl/pki-core';
import { SameSubjectError } from './errors/index.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { revokeClient } from './revoke-client.js';
import { rotateCa } from './rotate-ca.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority(new Date());
});
afterEach(async () => {
  await t.remove();
});

const crlsOf = (pem: string) => pem.split(/(?<=-----END X509 CRL-----\n)/).filter((p) => p.trim());

describe('CA generations that other clients tell apart', () => {
  it('ca rotate gives the new CA a generation-suffixed subject, and every CRL its own number', async () => {
    await initCa(t, { subject: 'CN=Acme CA,O=Acme' });
    const first = await rotateCa(t);
    expect(first.current.subject).toBe('CN=Acme CA G2, O=Acme');
    const second = await rotateCa(t);
    expect(second.current.subject).toBe('CN=Acme CA G3, O=Acme');
    const numbers = crlsOf((await t.store.getCrl())!.value.crlPem).map((pem) => parseCrl(pem).crlNumber ?? 0);
    expect(new Set(numbers).size).toBe(numbers.length);
    const before = Math.max(...numbers);
    await revokeClient(t, { username: (await issueClient(t, { username: 'a', email: 'a@example.com' })).record.username });
    const after = crlsOf((await t.store.getCrl())!.value.crlPem).map((pem) => parseCrl(pem).crlNumber ?? 0);
    expect(Math.min(...after)).toBeGreaterThan(before);
  });

  it('refuses a subject another trusted CA has, unless --same-subject, which warns', async () => {
    await initCa(t, { subject: 'CN=Acme CA,O=Acme' });
    await expect(rotateCa(t, { subject: 'CN=Acme CA, O=Acme' })).rejects.toBeInstanceOf(SameSubjectError);
    const same = await rotateCa(t, { sameSubject: true });
    expect(same.current.subject).toBe('CN=Acme CA, O=Acme');
    expect(same.warning).toMatch(/Java PKIX, GnuTLS and NSS/);
  });

  it('GnuTLS certtool --verify sees a revocation by the rotated-out CA with both CRLs loaded', async () => {
    await initCa(t, { subject: 'CN=Acme CA,O=Acme' });
    const old = await issueClient(t, { username: 'eve', email: 'eve@example.com' });
    await rotateCa(t);
    await revokeClient(t, { username: 'eve', reason: 'keyCompromise' });
    const ca = (await t.store.getCa())!.value;
    await writeFile(join(t.dir, 'bundle.pem'), ca.trusted.map((c) => c.certificatePem).join(''));
    await writeFile(join(t.dir, 'crls.pem'), (await t.store.getCrl())!.value.crlPem);
    await writeFile(join(t.dir, 'eve.pem'), old.record.certificatePem);
    const result = await runProcess('certtool', ['--verify', '--load-ca-certificate', join(t.dir, 'bundle.pem'), '--load-crl', join(t.dir, 'crls.pem'), '--infile', join(t.dir, 'eve.pem')]);
    expect(result.stdout + result.stderr).toMatch(/revoked/i);
    expect(inspectCertificate(ca.trusted[0]!.certificatePem).subject).not.toBe(inspectCertificate(ca.trusted[1]!.certificatePem).subject);
  });
});
