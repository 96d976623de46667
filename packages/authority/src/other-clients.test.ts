import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '@mtlsctl/peers';
import { decodePemBlocks } from '@mtlsctl/pki-core';
import { downloadClient } from './download-client.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { revokeClient } from './revoke-client.js';
import { rotateCa } from './rotate-ca.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

/**
 * Clients other than OpenSSL read what mtlsctl writes: Java (keytool, the PKIX validator), NSS (pk12util,
 * certutil, crlutil). Each must be installed (scripts/ensure-deps.sh does it); a missing one fails the test
 * saying which package to install.
 */
const PKIX_CHECK = fileURLToPath(new URL('./test-support/pkix-check.java', import.meta.url));

async function tool(command: string, args: string[], pkg: string) {
  const result = await runProcess(command, args).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error(`${command} is not installed: apt-get install ${pkg} (scripts/ensure-deps.sh installs it)`);
    throw error;
  });
  return { ...result, out: result.stdout.toString('utf8') + result.stderr };
}
const nss = (command: string, args: string[]) => tool(command, args, 'libnss3-tools');

let t: TempAuthority;
const file = (name: string) => join(t.dir, name);
/** eve (first CA, revoked after the rotation), bob (first CA, live), carol (second CA, live; legacy p12). */
beforeAll(async () => {
  t = await tempAuthority(new Date());
  await initCa(t, { subject: 'CN=Acme CA,O=Acme' });
  const eve = await issueClient(t, { username: 'eve', email: 'eve@example.com' });
  const bob = await issueClient(t, { username: 'bob', email: 'bob@example.com' });
  await rotateCa(t);
  const carol = await issueClient(t, { username: 'carol', email: 'carol@example.com' });
  const dave = await issueClient(t, { username: 'dave', email: 'dave@example.com', p12Profile: 'legacy' });
  await revokeClient(t, { username: 'eve', reason: 'keyCompromise' });
  const ca = (await t.store.getCa())!.value;
  await writeFile(file('bundle.pem'), ca.trusted.map((c) => c.certificatePem).join(''));
  const crlPem = (await t.store.getCrl())!.value.crlPem;
  await writeFile(file('crls.pem'), crlPem);
  const crls = decodePemBlocks(crlPem);
  expect(crls).toHaveLength(2);
  for (const [i, block] of crls.entries()) await writeFile(file(`crl-${i}.der`), block.der);
  for (const [name, issued] of Object.entries({ eve, bob, carol, dave })) await writeFile(file(`${name}.pem`), issued.record.certificatePem);
  for (const name of ['carol', 'dave']) {
    const p12 = await downloadClient(t, { username: name });
    if (p12.format !== 'p12') throw new Error('expected a p12');
    await writeFile(file(`${name}.p12`), p12.p12);
    await writeFile(file(`${name}.pw`), `${p12.password}\n`);
  }
}, 120_000);
afterAll(async () => {
  await t?.remove();
});

describe('Java reads what mtlsctl writes', () => {
  it('keytool lists our PKCS#12 (modern and legacy) as one private-key entry with its chain', async () => {
    for (const name of ['carol', 'dave']) {
      const password = (await downloadClient(t, { username: name })) as { password: string };
      const list = await tool('keytool', ['-list', '-v', '-keystore', file(`${name}.p12`), '-storetype', 'PKCS12', '-storepass', password.password], 'default-jdk-headless');
      expect(list.code, list.out).toBe(0);
      expect(list.out).toContain(`Alias name: ${name}`);
      expect(list.out).toContain('Entry type: PrivateKeyEntry');
      expect(list.out).toContain('Certificate chain length: 2');
      expect(list.out).toMatch(new RegExp(`Owner: CN=${name}`));
    }
  });

  it("Java's PKIX validator, with both CA generations' CRLs, refuses eve (revoked by the rotated-out CA) and accepts the others", async () => {
    const check = (name: string) => tool('java', [PKIX_CHECK, file('bundle.pem'), file('crls.pem'), file(`${name}.pem`)], 'default-jdk-headless');
    const eve = await check('eve');
    expect(eve.code, eve.out).toBe(0);
    expect(eve.out).toMatch(/^invalid: revoked .*reason: KEY_COMPROMISE/m);
    for (const name of ['bob', 'carol']) expect((await check(name)).out.trim()).toBe('valid');
  });
});

describe('NSS reads what mtlsctl writes', () => {
  let db: string;
  beforeAll(async () => {
    db = `sql:${file('nssdb')}`;
    await runProcess('mkdir', ['-p', file('nssdb')]);
    expect((await nss('certutil', ['-N', '-d', db, '--empty-password'])).code).toBe(0);
    const bundle = decodePemBlocks((await t.store.getCa())!.value.trusted.map((c) => c.certificatePem).join(''));
    for (const [i, block] of bundle.entries()) {
      await writeFile(file(`ca-${i}.der`), block.der);
      const added = await nss('certutil', ['-A', '-d', db, '-n', `ca-${i}`, '-t', 'CT,C,C', '-i', file(`ca-${i}.der`)]);
      expect(added.code, added.out).toBe(0);
    }
  });

  it('pk12util imports our PKCS#12 (modern and legacy) and certutil validates it as an SSL client', async () => {
    for (const name of ['carol', 'dave']) {
      const imported = await nss('pk12util', ['-i', file(`${name}.p12`), '-d', db, '-w', file(`${name}.pw`), '-K', '']);
      expect(imported.code, imported.out).toBe(0);
      expect(imported.out).toContain('PKCS12 IMPORT SUCCESSFUL');
      const valid = await nss('certutil', ['-V', '-d', db, '-n', name, '-u', 'C']);
      expect(valid.out).toContain('certificate is valid');
    }
  });

  it("crlutil imports both generations' CRLs (signatures checked); certutil then finds eve revoked, bob and carol valid", async () => {
    for (const i of [0, 1]) {
      const imported = await nss('crlutil', ['-I', '-d', db, '-i', file(`crl-${i}.der`), '-t', '1']);
      expect(imported.code, imported.out).toBe(0);
    }
    const listed = await nss('crlutil', ['-L', '-d', db]);
    expect(listed.out.match(/\bCRL\b/g)?.length).toBeGreaterThanOrEqual(2);
    for (const name of ['eve', 'bob']) {
      const added = await nss('certutil', ['-A', '-d', db, '-n', name, '-t', ',,', '-i', file(`${name}.pem`)]);
      expect(added.code, added.out).toBe(0);
    }
    expect((await nss('certutil', ['-V', '-d', db, '-n', 'eve', '-u', 'C'])).out).toMatch(/revoked/i);
    expect((await nss('certutil', ['-V', '-d', db, '-n', 'bob', '-u', 'C'])).out).toContain('certificate is valid');
    expect((await nss('certutil', ['-V', '-d', db, '-n', 'carol', '-u', 'C'])).out).toContain('certificate is valid');
  });
});
