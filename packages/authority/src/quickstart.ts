import { parsePkcs12, splitCertificates, verifyClientCertificate, type CertificateInfo, type Pkcs12Profile } from '@mtlsctl/pki-core';
import { nowOf, type AuthorityContext } from './context.js';
import { downloadClient } from './download-client.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { listClients, type InventoryRow } from './list-clients.js';
import { renewClient } from './renew-client.js';
import { showCa } from './show-ca.js';

/** The subject of the CA {@link runQuickstart} creates in an empty store. */
export const QUICKSTART_CA_SUBJECT = 'CN=mtlsctl quickstart CA';

/** Options of {@link runQuickstart}. */
export interface QuickstartOptions {
  /** The demo user (validated). */
  username: string;
  /** The demo user's email (validated; used only when the user is issued, not renewed). */
  email: string;
  p12Profile: Pkcs12Profile;
}

/**
 * What the quick start did, step by step, and what the user takes home. `p12` and `password` are secrets: write
 * them to private files, never print them.
 */
export interface QuickstartView {
  ca: CertificateInfo;
  /** True when the store had no CA and one was created; false when the existing one was reused. */
  caCreated: boolean;
  user: CertificateInfo;
  /** The user's PKCS#12 (DER), as `user download` gives it. */
  p12: Uint8Array;
  password: string;
  /** The trust bundle (`tls.crt`) the p12's certificate was validated against. */
  bundlePem: string;
  /** The p12 read back and its certificate validated against the trust bundle, at the context's clock. */
  verified: boolean;
  inventory: InventoryRow[];
}

/**
 * The main job end to end on one store: a CA (reused if the store already has one), a user certificate (renewed
 * if the user has an active one, else issued, replacing a revoked or expired one), its p12 read back and verified
 * against the trust bundle, and the inventory. Safe to run again on the same store.
 *
 * @param ctx - the store to run on (the CLI's `quickstart` gives it a fresh directory store)
 * @throws InvalidUsernameError, InvalidEmailError, and what {@link initCa}, {@link issueClient} and {@link renewClient} throw
 */
export async function runQuickstart(ctx: AuthorityContext, options: QuickstartOptions): Promise<QuickstartView> {
  const existingCa = await ctx.store.getCa();
  const ca = existingCa ? (await showCa(ctx)).active : (await initCa(ctx, { subject: QUICKSTART_CA_SUBJECT })).certificate;

  const existingUser = await ctx.store.getClient(options.username);
  const issued =
    existingUser?.value.status === 'active'
      ? await renewClient(ctx, { username: options.username, p12Profile: options.p12Profile })
      : await issueClient(ctx, { username: options.username, email: options.email, p12Profile: options.p12Profile, replace: true });

  const download = await downloadClient(ctx, { username: options.username, format: 'p12' });
  if (download.format !== 'p12') throw new Error('internal: expected a p12 download');
  const { bundlePem } = await showCa(ctx);
  const parsed = await parsePkcs12(download.p12, download.password);
  const verdict = await verifyClientCertificate({ certificate: parsed.certificatePem, trustAnchors: splitCertificates(bundlePem), at: nowOf(ctx) });
  return {
    ca,
    caCreated: !existingCa,
    user: issued.certificate,
    p12: download.p12,
    password: download.password,
    bundlePem,
    verified: verdict.ok,
    inventory: await listClients(ctx),
  };
}
