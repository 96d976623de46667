import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openssl, opensslResult } from '@mtlsctl/peers';
import { initCa } from './init-ca.js';
import { listClients } from './list-clients.js';
import { runQuickstart } from './quickstart.js';
import { revokeClient } from './revoke-client.js';
import { epoch, tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority();
});
afterEach(async () => {
  await t.remove();
});

const alice = { username: 'alice', email: 'alice@example.com', p12Profile: 'modern' } as const;

describe('runQuickstart', () => {
  it('on an empty store: creates the CA, issues the user, and gives a p12 openssl opens and verifies against the bundle', async () => {
    const view = await runQuickstart(t, alice);
    expect(view).toMatchObject({ caCreated: true, verified: true, ca: { subject: 'CN=mtlsctl quickstart CA', isCa: true }, user: { subject: 'CN=alice' } });
    expect(view.inventory.map((r) => [r.username, r.email, r.status, r.serial])).toEqual([['alice', 'alice@example.com', 'active', view.user.serialNumber]]);
    const pem = await openssl(['pkcs12', '-nodes', '-passin', `pass:${view.password}`], { input: view.p12 });
    expect(pem).toContain('subject=CN = alice');
    expect(pem).toContain('PRIVATE KEY');
    await writeFile(join(t.dir, 'bundle.pem'), view.bundlePem);
    const cert = await openssl(['pkcs12', '-nokeys', '-clcerts', '-passin', `pass:${view.password}`], { input: view.p12 });
    expect(await openssl(['verify', '-attime', epoch(t.clock.now), '-CAfile', join(t.dir, 'bundle.pem'), '-purpose', 'sslclient'], { input: cert })).toContain(
      'OK',
    );
  });

  it('run again: reuses the CA and renews the user (a new serial, one active row)', async () => {
    const first = await runQuickstart(t, alice);
    t.clock.now = new Date(t.clock.now.getTime() + 86_400_000);
    const second = await runQuickstart(t, { ...alice, email: 'ignored@example.com' });
    expect(second).toMatchObject({ caCreated: false, verified: true });
    expect(second.ca.fingerprint).toBe(first.ca.fingerprint);
    expect(second.user.serialNumber).not.toBe(first.user.serialNumber);
    expect(second.inventory.map((r) => [r.username, r.email, r.status, r.serial])).toEqual([
      ['alice', 'alice@example.com', 'active', second.user.serialNumber],
    ]);
  });

  it('reuses a CA the store already has, and issues a revoked user afresh (with the p12 profile asked for)', async () => {
    const ca = await initCa(t, { subject: 'CN=Existing CA' });
    await runQuickstart(t, alice);
    await revokeClient(t, { username: 'alice', reason: 'keyCompromise' });
    const view = await runQuickstart(t, { ...alice, p12Profile: 'legacy' });
    expect(view).toMatchObject({ caCreated: false, verified: true, ca: { subject: 'CN=Existing CA', fingerprint: ca.certificate.fingerprint } });
    expect((await listClients(t)).map((r) => [r.username, r.status, r.serial])).toEqual([['alice', 'active', view.user.serialNumber]]);
    const info = await opensslResult(['pkcs12', '-info', '-noout', '-passin', `pass:${view.password}`], { input: view.p12 });
    expect(info.stderr).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
  });
});
