import type { KvData } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { openBackup, sealBackup } from './backup-envelope.js';
import { BackupError, StoreNotEmptyError } from './errors/index.js';
import { walkStore } from './walk-store.js';

/** One record in a backup: its latest data and its custom metadata. */
export interface BackupEntry {
  path: string;
  data: KvData;
  customMetadata: Record<string, string>;
}

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
  const backend = ctx.store.backend;
  const entries: BackupEntry[] = [];
  for await (const path of walkStore(backend)) {
    const secret = await backend.read(path);
    if (!secret) continue; // soft-deleted latest version: nothing current to keep
    entries.push({ path, data: secret.data, customMetadata: secret.customMetadata });
  }
  const contents: BackupContents = { createdAt: (ctx.now?.() ?? new Date()).toISOString(), source: backend.description, entries };
  const backup = await sealBackup(Buffer.from(JSON.stringify(contents)), options.passphrase);
  return { backup, records: entries.length };
}

/**
 * Restores a backup made by {@link backupStore}. Only into an empty store unless `force`, in which case each
 * record is written as a new version over what is there (check-and-set against the version just read).
 *
 * @throws BackupError (wrong passphrase, damaged file), StoreNotEmptyError
 */
export async function restoreStore(
  ctx: AuthorityContext,
  options: { backup: Uint8Array; passphrase: string; force?: boolean },
): Promise<{ records: number; createdAt: string; source: string }> {
  const contents = parseContents(await openBackup(options.backup, options.passphrase));
  const backend = ctx.store.backend;
  if (!options.force) {
    for await (const path of walkStore(backend)) {
      if (await backend.read(path)) throw new StoreNotEmptyError(backend.description);
    }
  }
  for (const entry of contents.entries) {
    const current = await backend.readMetadata(entry.path);
    await backend.write(entry.path, entry.data, { cas: current?.currentVersion ?? 0 });
    if (Object.keys(entry.customMetadata).length > 0) await backend.writeMetadata(entry.path, { customMetadata: entry.customMetadata });
  }
  return { records: contents.entries.length, createdAt: contents.createdAt, source: contents.source };
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
