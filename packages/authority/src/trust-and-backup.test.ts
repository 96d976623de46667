import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openssl } from '@mtlsctl/peers';
import { parseCrl } from '@mtlsctl/pki-core';
import { BackupError, NotACaCertificateError, StoreNotEmptyError } from './errors/index.js';
import { backupStore, restoreStore } from './backup-store.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { revokeClient } from './revoke-client.js';
import { showCa } from './show-ca.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';
import { trustCa } from './trust-ca.js';
import { listClients } from './list-clients.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority();
});
afterEach(async () => {
  await t.remove();
});

/** A certificate and key made by the openssl CLI, as the old system's CA would be. */
async function opensslCa(commonName: string, extensions = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign'): Promise<{ cert: string; key: string }> {
  const key = await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  const keyFile = join(t.dir, `${commonName}.key`);
  const config = join(t.dir, `${commonName}.cnf`);
  await writeFile(keyFile, key);
  await writeFile(config, `[req]\nprompt=no\ndistinguished_name=dn\nx509_extensions=v3\n[dn]\nCN=${commonName}\n[v3]\n${extensions}\n`);
  const cert = await openssl(['req', '-new', '-x509', '-key', keyFile, '-config', config, '-days', '3650']);
  return { cert, key };
}

describe('trustCa', () => {
  it("adds the old system's CA to the bundle HAProxy reads, once", async () => {
    await initCa(t, { subject: 'CN=New CA' });
    const old = await opensslCa('Old CA');
    const added = await trustCa(t, { pem: old.cert });
    expect(added.added.map((a) => a.subject)).toEqual(['CN=Old CA']);
    const again = await trustCa(t, { pem: old.cert });
    expect(again.added).toEqual([]);
    expect(again.alreadyTrusted).toHaveLength(1);
    const view = await showCa(t);
    expect(view.trusted.map((c) => [c.subject, c.role])).toEqual([
      ['CN=New CA', 'active'],
      ['CN=Old CA', 'imported'],
    ]);
    expect(view.bundlePem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('refuses a file with a private key in it, without echoing the key, and changes nothing', async () => {
    await initCa(t);
    const before = (await t.store.getCa())!.version;
    const old = await opensslCa('Old CA');
    const error = await trustCa(t, { pem: old.cert + old.key }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/private key/i);
    expect((error as Error).message).not.toContain(old.key.split('\n')[1]!);
    expect((await t.store.getCa())!.version).toBe(before);
  });

  it('refuses a certificate that is not a CA', async () => {
    await initCa(t);
    const leaf = await opensslCa('leaf', 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature');
    await expect(trustCa(t, { pem: leaf.cert })).rejects.toBeInstanceOf(NotACaCertificateError);
  });
});

describe('backupStore and restoreStore', () => {
  const passphrase = 'correct horse battery staple';

  it('round-trips every record into an empty store, inventory included', async () => {
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    await issueClient(t, { username: 'bob', email: 'bob@example.com' });
    const { backup, records } = await backupStore(t, { passphrase });
    expect(records).toBe(9); // ca, ca-key, crl, clients/alice, clients/bob, and each user's username and email claims
    expect(Buffer.from(backup).toString()).not.toContain('PRIVATE KEY');

    const target = await tempAuthority();
    try {
      const restored = await restoreStore(target, { backup, passphrase });
      expect(restored.records).toBe(9);
      expect((await target.store.getIdentityClaim('username', 'ALICE')).current?.value.claimant).toBe('alice');
      expect((await showCa(target)).active.fingerprint).toBe((await showCa(t)).active.fingerprint);
      expect((await listClients(target)).map((c) => c.username)).toEqual(['alice', 'bob']);
      expect((await target.store.getClient('alice'))!.value).toEqual((await t.store.getClient('alice'))!.value);
      // Again: everything is already there (what finishes an interrupted restore), nothing is written.
      expect((await restoreStore(target, { backup, passphrase })).written).toBe(0);
      await issueClient(target, { username: 'carol', email: 'carol@example.com' });
      await expect(restoreStore(target, { backup, passphrase })).rejects.toBeInstanceOf(StoreNotEmptyError);
      // carol is not in the backup, but her CA is the backup's: she stays active.
      expect((await restoreStore(target, { backup, passphrase, force: true })).retired).toEqual([]);
      expect((await target.store.getClientInventory('alice'))?.stale).toBe(false);
      expect((await target.store.getClient('carol'))!.value.status).toBe('active');
    } finally {
      await target.remove();
    }
  });

  it('restore --force revokes the users the backup does not hold under a CA it does not trust, listing them, and keeps their serials tracked', async () => {
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const { backup } = await backupStore(t, { passphrase });

    const target = await tempAuthority();
    try {
      await initCa(target); // another CA
      const otherCa = (await showCa(target)).active.fingerprint;
      const first = await issueClient(target, { username: 'bob', email: 'bob@example.com' });
      const second = await issueClient(target, { username: 'bob', email: 'bob@example.com', replace: true }); // first stays live, earlier
      await issueClient(target, { username: 'alice', email: 'alice@example.com' });

      const restored = await restoreStore(target, { backup, passphrase, force: true });
      expect(restored.retired).toEqual([{ username: 'bob', issuerFingerprint: otherCa, revokedSerials: expect.arrayContaining([first.record.serial, second.record.serial]) }]);
      expect(restored.retired[0]!.revokedSerials).toHaveLength(2);
      // Nobody is left active under the untrusted CA; bob is still listed, revoked, and every serial stays on the CRL record.
      const rows = await listClients(target);
      expect(rows.filter((r) => r.status === 'active').map((r) => [r.username, r.issuerFingerprint])).toEqual([['alice', (await showCa(t)).active.fingerprint]]);
      expect(rows.find((r) => r.username === 'bob')?.status).toBe('revoked');
      const revoked = (await target.store.getCrl())!.value.revoked;
      expect(revoked.filter((r) => r.username === 'bob' && r.issuerFingerprint === otherCa).map((r) => r.serial).sort()).toEqual([first.record.serial, second.record.serial].sort());
      expect((await target.store.getClient('bob'))!.value.earlier).toEqual([]);
      // Running it again (what finishes an interrupted restore) retires nothing more, and keeps bob's serials tracked.
      expect((await restoreStore(target, { backup, passphrase, force: true })).retired).toEqual([]);
      const again = (await target.store.getCrl())!.value.revoked;
      expect(again.filter((r) => r.username === 'bob').map((r) => r.serial).sort()).toEqual([first.record.serial, second.record.serial].sort());
    } finally {
      await target.remove();
    }
  });

  it('restore --force never un-revokes: what the store had revoked stays on the CRL record, re-signed', async () => {
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const { backup } = await backupStore(t, { passphrase });
    const before = (await t.store.getCrl())!.value;
    const eve = await issueClient(t, { username: 'eve', email: 'eve@example.com' });
    await revokeClient(t, { username: 'eve', reason: 'keyCompromise' });
    const published = (await t.store.getCrl())!.value.crlNumber;
    await restoreStore(t, { backup, passphrase, force: true });
    const crl = (await t.store.getCrl())!.value;
    expect(crl.revoked.map((r) => [r.username, r.serial, r.reason])).toEqual([['eve', eve.record.serial, 'keyCompromise']]);
    expect(before.crlNumber).toBeLessThan(published);
    expect(crl.crlNumber, 'a CRL number the store already published is never used again').toBeGreaterThan(published);
    const signed = crl.crlPem.split(/(?<=-----END X509 CRL-----\n)/).filter((p) => p.trim() !== '');
    expect(signed.flatMap((pem) => parseCrl(pem).revoked.map((r) => r.serialNumber))).toEqual([eve.record.serial]);
  });

  it('refuses a wrong passphrase, a damaged file and a weak passphrase', async () => {
    await initCa(t);
    const { backup } = await backupStore(t, { passphrase });
    await expect(restoreStore(t, { backup, passphrase: 'not the passphrase', force: true })).rejects.toThrow(/wrong passphrase/);
    const damaged = Buffer.from(backup);
    const text = damaged.toString().replace(/"ciphertext": "(.)/, (_m, c: string) => `"ciphertext": "${c === 'A' ? 'B' : 'A'}`);
    await expect(restoreStore(t, { backup: Buffer.from(text), passphrase, force: true })).rejects.toBeInstanceOf(BackupError);
    await expect(restoreStore(t, { backup: Buffer.from('hello'), passphrase })).rejects.toThrow(/not an mtlsctl backup/);
    await expect(backupStore(t, { passphrase: 'short' })).rejects.toThrow(/at least 12/);
  });
});
