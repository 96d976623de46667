import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadClient } from '../download-client.js';
import { initCa } from '../init-ca.js';
import { issueClient } from '../issue-client.js';
import { publishCrl } from '../publish-crl.js';
import { retireCa } from '../retire-ca.js';
import { revokeClient } from '../revoke-client.js';
import { rotateCa } from '../rotate-ca.js';
import { showCa } from '../show-ca.js';
import { tempAuthority, type TempAuthority } from '../test-support/temp-authority.js';
import { trustFromBundle, trustFromStore } from './trust-inputs.js';
import { verifyCredential as verifyWith, type VerifyCredentialOptions } from './verify-credential.js';

/** verifyCredential over a real directory store: the store's bundle, CRLs and archived CAs. */
describe('verifyCredential', () => {
  let ctx: TempAuthority;
  beforeEach(async () => {
    ctx = await tempAuthority();
    await initCa(ctx, { subject: 'CN=Store CA' });
  });
  afterEach(async () => ctx.remove());

  const verifyCredential = async (_ctx: TempAuthority, options: Omit<VerifyCredentialOptions, 'trust' | 'at'> & { trustBundlePem?: string }) =>
    verifyWith({ ...options, trust: options.trustBundlePem === undefined ? await trustFromStore(ctx) : trustFromBundle(options.trustBundlePem), at: ctx.clock.now });

  const p12Of = async (username: string) => {
    const got = await downloadClient(ctx, { username });
    if (got.format !== 'p12') throw new Error('expected a p12');
    return { data: got.p12, password: got.password };
  };

  it("accepts a user's p12 against the store's bundle and CRL, naming the CRL", async () => {
    await issueClient(ctx, { username: 'alice', email: 'alice@example.com' });
    const verdict = await verifyCredential(ctx, await p12Of('alice'));
    expect(verdict).toMatchObject({ accepted: true, trustSource: 'store', crl: { issuer: 'CN=Store CA', crlNumber: 1 } });
    expect(verdict.trustedCas.map((c) => c.subject)).toEqual(['CN=Store CA']);
  });

  it('refuses a revoked user by the CRL the store publishes', async () => {
    await issueClient(ctx, { username: 'bob', email: 'bob@example.com' });
    const p12 = await p12Of('bob');
    await revokeClient(ctx, { username: 'bob', reason: 'keyCompromise' });
    expect(await verifyCredential(ctx, p12)).toMatchObject({ accepted: false, reason: 'revoked', crl: { crlNumber: 2 } });
  });

  it('refuses everyone once the CRL is past nextUpdate, and the fix is `crl update`', async () => {
    await issueClient(ctx, { username: 'carol', email: 'carol@example.com' });
    const p12 = await p12Of('carol');
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 31 * 86_400_000);
    const verdict = await verifyCredential(ctx, p12);
    expect(verdict).toMatchObject({ accepted: false, reason: 'crl-expired' });
    expect(verdict.fix).toMatch(/mtlsctl crl update/);
    await publishCrl(ctx);
    expect(await verifyCredential(ctx, p12)).toMatchObject({ accepted: true });
  });

  it('tells a retired CA from a foreign one, from the archived CA records', async () => {
    await issueClient(ctx, { username: 'dave', email: 'dave@example.com' });
    const p12 = await p12Of('dave');
    const old = (await showCa(ctx)).active.fingerprint;
    await rotateCa(ctx);
    expect(await verifyCredential(ctx, p12)).toMatchObject({ accepted: true });
    await retireCa(ctx, { fingerprint: old, force: true });
    const verdict = await verifyCredential(ctx, p12);
    expect(verdict).toMatchObject({ accepted: false, reason: 'retired-ca' });
    expect(verdict.fix).toMatch(/mtlsctl user (issue|renew) dave/);
  });

  it('uses a given bundle and CRLs instead of the store', async () => {
    await issueClient(ctx, { username: 'erin', email: 'erin@example.com' });
    const p12 = await p12Of('erin');
    const other = await tempAuthority();
    try {
      await initCa(other, { subject: 'CN=Another CA' });
      const bundlePem = (await showCa(other)).bundlePem;
      expect(await verifyCredential(ctx, { ...p12, trustBundlePem: bundlePem })).toMatchObject({ accepted: false, reason: 'untrusted-issuer', trustSource: 'bundle' });
    } finally {
      await other.remove();
    }
  });
});
