import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { InventoryRow } from '@mtlsctl/authority';
import type { CertificateInfo } from '@mtlsctl/pki-core';
import { writePrivateFile } from './write-private-file.js';
import * as authority from '@mtlsctl/authority';
import * as vs from '@mtlsctl/vault-store';
import * as pki from '@mtlsctl/pki-core';

/** What the quick start did, step by step. */
export interface QuickstartResult {
  dir: string;
  storeDir: string;
  ca: CertificateInfo;
  caCreated: boolean;
  user: CertificateInfo;
  p12File: string;
  passwordFile: string;
  caFile: string;
  /** The p12 read back and its certificate validated against the trust bundle, now. */
  verified: boolean;
  inventory: InventoryRow[];
}

/**
 * The main job end to end on the embedded directory store: a CA (reused if the directory already has one), a
 * user certificate (renewed if the user exists), its p12 and password written 0600, the p12 read back and
 * verified against the trust bundle, and the inventory. Safe to run again on the same directory.
 */
export async function runQuickstart(options: { dir: string; username: string; email: string; p12Profile: pki.Pkcs12Profile }): Promise<QuickstartResult> {
  const dir = resolve(options.dir);
  const storeDir = join(dir, 'store');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ctx = { store: new vs.PkiStore(new vs.DirectoryKvBackend(storeDir)) };

  const existingCa = await ctx.store.getCa();
  const ca = existingCa ? (await authority.showCa(ctx)).active : (await authority.initCa(ctx, { subject: 'CN=mtlsctl quickstart CA' })).certificate;

  const existingUser = await ctx.store.getClient(options.username);
  const issued =
    existingUser?.value.status === 'active'
      ? await authority.renewClient(ctx, { username: options.username, p12Profile: options.p12Profile })
      : await authority.issueClient(ctx, { username: options.username, email: options.email, p12Profile: options.p12Profile, replace: true });

  const download = await authority.downloadClient(ctx, { username: options.username, format: 'p12' });
  if (download.format !== 'p12') throw new Error('internal: expected a p12 download');
  const p12File = join(dir, `${options.username}.p12`);
  const passwordFile = join(dir, `${options.username}.p12.password`);
  const caFile = join(dir, 'ca-bundle.crt');
  await writePrivateFile(p12File, download.p12, { overwrite: true });
  await writePrivateFile(passwordFile, download.password + '\n', { overwrite: true });
  const bundle = await authority.showCa(ctx);
  await writePrivateFile(caFile, bundle.bundlePem, { overwrite: true });

  const parsed = await pki.parsePkcs12(download.p12, download.password);
  const verdict = await pki.verifyClientCertificate({
    certificate: parsed.certificatePem,
    trustAnchors: pki.splitCertificates(bundle.bundlePem),
    at: new Date(),
  });
  return {
    dir,
    storeDir,
    ca,
    caCreated: !existingCa,
    user: issued.certificate,
    p12File,
    passwordFile,
    caFile,
    verified: verdict.ok,
    inventory: await authority.listClients(ctx),
  };
}
