import type { ExportedRecord } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { openBackup, sealBackup } from './backup-envelope.js';
import { BackupError, StoreNotEmptyError } from './errors/index.js';

/** One record in a backup: its latest data and its custom metadata. */
export type BackupEntry = ExportedRecord;

interface BackupContents {
  createdAt: string;
  source: string;
  entries: BackupEntry[];
}

/**
 * Backs up every record of the store (CA, CA keys, clients, CRL: the latest version of each, with its
 * custom metadata) into one passphrase-encrypted file (scrypt + AES-256-GCM). It holds private keys: keep it
 * like the CA key itself.
 *
 * @returns the encrypted backup and how many records it holds
 */
export async function backupStore(ctx: AuthorityContext, options: { passphrase: string }): Promise<{ backup: Uint8Array; records: number }> {
  const entries: BackupEntry[] = [];
  for await (const record of ctx.store.exportRecords()) entries.push(record);
  const contents: BackupContents = { createdAt: (ctx.now?.() ?? new Date()).toISOString(), source: ctx.store.backend.description, entries };
  const backup = await sealBackup(Buffer.from(JSON.stringify(contents)), options.passphrase);
  return { backup, records: entries.length };
}

/**
 * Restores a backup made by {@link backupStore}, record by record through the store's import (each written as
 * the path's next version, check-and-set). Only into an empty store, or one holding nothing but records equal to
 * the backup's (a restore interrupted earlier: running it again finishes it), unless `force`, which writes over
 * what is there after archiving the store's own active CA key at `ca-keys/<fingerprint>`. The `ca` record is
 * written last, so a store whose restore was interrupted has no CA yet and issues nothing.
 *
 * @returns how many records the backup holds and how many were written now (the rest were already there)
 * @throws BackupError (wrong passphrase, damaged file), StoreNotEmptyError
 */
export async function restoreStore(
  ctx: AuthorityContext,
  options: { backup: Uint8Array; passphrase: string; force?: boolean },
): Promise<{ records: number; written: number; createdAt: string; source: string }> {
  const contents = parseContents(await openBackup(options.backup, options.passphrase));
  const byPath = new Map(contents.entries.map((e) => [e.path, e]));
  if (!options.force) {
    for await (const record of ctx.store.exportRecords()) {
      const wanted = byPath.get(record.path);
      if (!wanted || !sameData(wanted, record)) throw new StoreNotEmptyError(ctx.store.backend.description);
    }
  } else {
    const key = await ctx.store.getCaKey();
    if (key && !(await ctx.store.getArchivedCaKey(key.value.fingerprint))) await ctx.store.putArchivedCaKey(key.value, { cas: 0 });
  }
  const ordered = [...contents.entries.filter((e) => e.path !== 'ca'), ...contents.entries.filter((e) => e.path === 'ca')];
  let written = 0;
  for (const entry of ordered) if (await ctx.store.importRecord(entry)) written++;
  return { records: contents.entries.length, written, createdAt: contents.createdAt, source: contents.source };
}

function sameData(a: BackupEntry, b: BackupEntry): boolean {
  const keys = Object.keys(a.data);
  return keys.length === Object.keys(b.data).length && keys.every((k) => a.data[k] === b.data[k]);
}

function parseContents(plaintext: Uint8Array): BackupContents {
  let value: BackupContents;
  try {
    value = JSON.parse(Buffer.from(plaintext).toString('utf8')) as BackupContents;
  } catch {
    throw new BackupError('the backup decrypted but its contents are not valid JSON');
  }
  const isMap = (m: unknown) => typeof m === 'object' && m !== null && Object.values(m).every((v) => typeof v === 'string');
  const valid =
    Array.isArray(value.entries) &&
    value.entries.every(
      (e) => typeof e.path === 'string' && e.path !== '' && !e.path.split('/').some((s) => s === '' || s === '..' || s === '.') && isMap(e.data) && isMap(e.customMetadata),
    );
  if (!valid) throw new BackupError('the backup decrypted but its records are malformed');
  return value;
}
