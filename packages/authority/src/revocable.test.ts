import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opensslResult } from '@mtlsctl/peers';
import { parseCrl } from '@mtlsctl/pki-core';
import { PkiStore, type KvBackend } from '@mtlsctl/vault-store';
import { ClientExistsError, ClientPendingError, ConcurrentIssuanceError, SerialNotFoundError } from './errors/index.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { renewClient } from './renew-client.js';
import { revokeClient } from './revoke-client.js';
import { showClient } from './show-client.js';
import { epoch, tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority();
});
afterEach(async () => {
  await t.remove();
});


/** openssl verify -crl_check of a certificate against the CA and the store's CRL: true when accepted. */
async function opensslAccepts(certificatePem: string): Promise<boolean> {
  const ca = (await t.store.getCa())!.value.activeCertificatePem;
  const crl = (await t.store.getCrl())!.value.crlPem;
  await writeFile(join(t.dir, 'ca.pem'), ca);
  await writeFile(join(t.dir, 'crl.pem'), crl);
  const args = ['verify', '-attime', epoch(t.clock.now), '-crl_check', '-CAfile', join(t.dir, 'ca.pem'), '-CRLfile', join(t.dir, 'crl.pem')];
  return (await opensslResult(args, { input: certificatePem })).code === 0;
}

/** A backend that fails the n-th write to one path, as a crash between two commits would leave it. */
function failingWrite(backend: KvBackend, path: string, nth: number): KvBackend {
  let writes = 0;
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        const original = Reflect.get(target, prop, receiver) as (p: string, ...rest: unknown[]) => Promise<number>;
        return async (p: string, ...rest: unknown[]) => {
          if (p === path && ++writes === nth) throw new Error('killed before this write');
          return original.call(target, p, ...rest);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('every certificate a user was issued stays revocable', () => {
  it('user revoke after renew revokes the renewed-away certificate too (openssl -crl_check refuses both)', async () => {
    await initCa(t);
    const first = await issueClient(t, { username: 'eve', email: 'eve@example.com' });
    const renewed = await renewClient(t, { username: 'eve' });
    expect((await showClient(t, 'eve')).earlier.map((e) => e.serial)).toEqual([first.record.serial]);
    expect(await opensslAccepts(first.record.certificatePem)).toBe(true);
    const result = await revokeClient(t, { username: 'eve', reason: 'keyCompromise' });
    expect(result.revokedSerials.sort()).toEqual([first.record.serial, renewed.record.serial].sort());
    expect(await opensslAccepts(first.record.certificatePem)).toBe(false);
    expect(await opensslAccepts(renewed.record.certificatePem)).toBe(false);
    expect(parseCrl((await t.store.getCrl())!.value.crlPem).revoked.map((r) => r.serialNumber).sort()).toEqual(result.revokedSerials.sort());
    expect((await t.store.getClient('eve'))!.value.earlier).toEqual([]);
  });

  it('issue --replace keeps the older certificate listed; --serial revokes only that one', async () => {
    await initCa(t);
    const first = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const second = await issueClient(t, { username: 'alice', email: 'alice@example.com', replace: true });
    const view = await showClient(t, 'alice');
    expect(view.serial).toBe(second.record.serial);
    expect(view.earlier.map((e) => e.serial)).toEqual([first.record.serial]);
    const one = await revokeClient(t, { username: 'alice', serial: first.record.serial.toUpperCase().replace(/(..)(?!$)/g, '$1:') });
    expect(one.revokedSerials).toEqual([first.record.serial]);
    expect(await opensslAccepts(first.record.certificatePem)).toBe(false);
    expect(await opensslAccepts(second.record.certificatePem)).toBe(true);
    expect(await showClient(t, 'alice')).toMatchObject({ status: 'active', earlier: [] });
    await expect(revokeClient(t, { username: 'alice', serial: '0badc0de' })).rejects.toBeInstanceOf(SerialNotFoundError);
  });

  it('renew --revoke-old does not keep the old certificate listed, and expired earlier certificates drop out', async () => {
    await initCa(t);
    await issueClient(t, { username: 'bob', email: 'bob@example.com', validityDays: 10 });
    await renewClient(t, { username: 'bob', revokeOld: true });
    expect((await showClient(t, 'bob')).earlier).toEqual([]);
    await renewClient(t, { username: 'bob', validityDays: 30 });
    expect((await showClient(t, 'bob')).earlier).toHaveLength(1);
    t.clock.now = new Date(t.clock.now.getTime() + 400 * 86_400_000);
    await issueClient(t, { username: 'bob', email: 'bob@example.com', replace: true });
    expect((await showClient(t, 'bob')).earlier).toEqual([]);
  });
});

describe('the serial is recorded before anything is signed', () => {
  it('a run stopped after signing leaves the reserved serial in the record, and user revoke puts it on the CRL', async () => {
    await initCa(t);
    const crashing = { ...t, store: new PkiStore(failingWrite(t.backend, 'clients/carol', 2)) };
    await expect(issueClient(crashing, { username: 'carol', email: 'carol@example.com' })).rejects.toThrow(/killed/);
    const pending = (await t.store.getClient('carol'))!.value;
    expect(pending.status).toBe('pending');
    expect(pending.reserved?.serial).toMatch(/^[0-9a-f]{32}$/);
    await expect(showClient(t, 'carol')).rejects.toBeInstanceOf(ClientPendingError);
    const revoked = await revokeClient(t, { username: 'carol' });
    expect(revoked.revokedSerials).toEqual([pending.reserved!.serial]);
  });

  it('issuing again after such a stop finishes the user', async () => {
    await initCa(t);
    const crashing = { ...t, store: new PkiStore(failingWrite(t.backend, 'clients/carol', 2)) };
    await expect(issueClient(crashing, { username: 'carol', email: 'carol@example.com' })).rejects.toThrow(/killed/);
    await expect(issueClient(t, { username: 'carol', email: 'carol@example.com' })).rejects.toThrow(/another run is issuing .* run this again in 60 s/);
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    const done = await issueClient(t, { username: 'carol', email: 'carol@example.com' });
    expect((await showClient(t, 'carol')).serial).toBe(done.record.serial);
  });

  it('a renew stopped after signing keeps the old certificate and lists the reserved serial for revocation', async () => {
    await initCa(t);
    const first = await issueClient(t, { username: 'dan', email: 'dan@example.com' });
    const crashing = { ...t, store: new PkiStore(failingWrite(t.backend, 'clients/dan', 2)) };
    await expect(renewClient(crashing, { username: 'dan' })).rejects.toThrow(/killed/);
    const record = (await t.store.getClient('dan'))!.value;
    expect(record).toMatchObject({ status: 'active', serial: first.record.serial });
    const revoked = await revokeClient(t, { username: 'dan' });
    expect(revoked.revokedSerials).toEqual([first.record.serial, record.reserved!.serial]);
  });

  it('a signing failure (a bad CSR) undoes the reservation: nothing is left', async () => {
    await initCa(t);
    await expect(issueClient(t, { username: 'erin', email: 'erin@example.com', csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n' })).rejects.toThrow();
    expect(await t.store.getClient('erin')).toBeUndefined();
  });

  it('of concurrent issuances for one user exactly one wins; the others fail with ConcurrentIssuanceError', async () => {
    await initCa(t);
    const runs = await Promise.allSettled(Array.from({ length: 4 }, () => issueClient(t, { username: 'r1', email: 'r1@example.com' })));
    const won = runs.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    // A loser that read after the winner committed sees an active certificate instead: both are conflicts (exit 4).
    for (const lost of runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect([ConcurrentIssuanceError.name, ClientExistsError.name]).toContain((lost.reason as Error).name);
    }
    expect((await t.store.getClient('r1'))!.value.serial).toBe((won[0] as PromiseFulfilledResult<{ record: { serial: string } }>).value.record.serial);
  });
});
