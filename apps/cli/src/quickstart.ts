import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runQuickstart, type InventoryRow } from '@mtlsctl/authority';
import type { CertificateInfo, Pkcs12Profile } from '@mtlsctl/pki-core';
import { DirectoryKvBackend, PkiStore } from '@mtlsctl/vault-store';
import { writePrivateFile } from './write-private-file.js';

/** What `mtlsctl quickstart` did, step by step, and where it wrote the files (its `--json` document). */
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
 * The quick start's edges around authority's {@link runQuickstart}: a directory store in `<dir>/store` (the
 * directory made 0700), and the user's p12, its password and the trust bundle written 0600 in `dir`, replacing
 * those of an earlier run.
 */
export async function quickstartInDirectory(options: { dir: string; username: string; email: string; p12Profile: Pkcs12Profile }): Promise<QuickstartResult> {
  const dir = resolve(options.dir);
  const storeDir = join(dir, 'store');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const view = await runQuickstart({ store: new PkiStore(new DirectoryKvBackend(storeDir)) }, options);
  const p12File = join(dir, `${options.username}.p12`);
  const passwordFile = join(dir, `${options.username}.p12.password`);
  const caFile = join(dir, 'ca-bundle.crt');
  await writePrivateFile(p12File, view.p12, { overwrite: true });
  await writePrivateFile(passwordFile, view.password + '\n', { overwrite: true });
  await writePrivateFile(caFile, view.bundlePem, { overwrite: true });
  return {
    dir,
    storeDir,
    ca: view.ca,
    caCreated: view.caCreated,
    user: view.user,
    p12File,
    passwordFile,
    caFile,
    verified: view.verified,
    inventory: view.inventory,
  };
}
