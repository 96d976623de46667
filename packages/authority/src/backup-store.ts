import { CorruptRecordError, crlRecordCodec, type ExportedRecord, type RevokedEntry } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { openBackup, sealBackup } from './backup-envelope.js';
import { BackupError, StoreNotEmptyError } from './errors/index.js';
import { publishCrl } from './publish-crl.js';
import { revokeClient } from './revoke-client.js';

/** A user `restore --force` found in the store but not in the backup, under a CA the backup does not trust. */
export interface RetiredUser {
  username: string;
  /** The CA that issued them, no longer trusted. */
  issuerFingerprint: string;
  /** Their certificates this restore revoked (current, earlier and reserved ones that had not expired). */
  revokedSerials: string[];
}

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
  const contents: BackupContents = { createdAt: (ctx.now?.() ?? new Date()).toISOString(), source: ctx.store.description, entries };
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
 * With `force`, users of the store that the backup does not hold and whose issuer the restored CA set does not
 * trust are not left active: each is revoked (reason cessationOfOperation) like `user revoke` does, every
 * unexpired serial of theirs added to the CRL record's revoked list (tracked: it is signed into a CRL again if
 * their CA is ever trusted again with its key) and their record kept, listed as revoked. This runs after the
 * `ca` record, on what the store holds then, so a rerun of an interrupted restore finishes it.
 *
 * A forced restore never un-revokes a certificate: the CRL record written is the backup's with every revocation
 * the store's own CRL record lists added, and CRL numbers go on above the store's (re-signed once the `ca` record
 * is written). So the store's earlier revocations stay tracked, and a rerun keeps what the interrupted run revoked
 * while retiring users (their records already say revoked, so nothing else would put their serials back).
 *
 * @returns how many records the backup holds, how many were written now (the rest were already there), and
 *   the users retired
 * @throws BackupError (wrong passphrase, damaged file), StoreNotEmptyError
 */
export async function restoreStore(
  ctx: AuthorityContext,
  options: { backup: Uint8Array; passphrase: string; force?: boolean },
): Promise<{ records: number; written: number; createdAt: string; source: string; retired: RetiredUser[] }> {
  const contents = parseContents(await openBackup(options.backup, options.passphrase));
  const byPath = new Map(contents.entries.map((e) => [e.path, e]));
  if (!options.force) {
    for await (const record of ctx.store.exportRecords()) {
      const wanted = byPath.get(record.path);
      if (!wanted || !sameData(wanted, record)) throw new StoreNotEmptyError(ctx.store.description);
    }
  } else {
    const key = await ctx.store.getCaKey();
    if (key && !(await ctx.store.getArchivedCaKey(key.value.fingerprint))) await ctx.store.putArchivedCaKey(key.value, { cas: 0 });
  }
  const ordered = [...contents.entries.filter((e) => e.path !== 'ca'), ...contents.entries.filter((e) => e.path === 'ca')];
  let written = 0;
  let resign = false;
  for (const entry of ordered) {
    const record = options.force && entry.path === 'crl' ? await withStoreRevocations(ctx, entry) : entry;
    resign ||= record !== entry;
    if (await ctx.store.importRecord(record)) written++;
  }
  if (resign) await publishCrl(ctx);
  const retired = options.force ? await retireUsersOutsideBackup(ctx, byPath) : [];
  return { records: contents.entries.length, written, createdAt: contents.createdAt, source: contents.source, retired };
}

/** Revokes the store's users the backup does not hold whose issuer the restored CA record does not trust. */
async function retireUsersOutsideBackup(ctx: AuthorityContext, byPath: ReadonlyMap<string, BackupEntry>): Promise<RetiredUser[]> {
  const ca = await ctx.store.getCa();
  const trusted = new Set(ca?.value.trusted.map((t) => t.fingerprint) ?? []);
  const orphans: { username: string; issuerFingerprint: string }[] = [];
  for await (const entry of ctx.store.listInventory({ repair: true })) {
    if (entry.deleted || byPath.has(`clients/${entry.username}`) || trusted.has(entry.issuerFingerprint)) continue;
    orphans.push({ username: entry.username, issuerFingerprint: entry.issuerFingerprint });
  }
  const retired: RetiredUser[] = [];
  for (const orphan of orphans) {
    const { revokedSerials } = await revokeClient(ctx, { username: orphan.username, reason: 'cessationOfOperation' });
    if (revokedSerials.length > 0) retired.push({ ...orphan, revokedSerials });
  }
  return retired;
}

/**
 * The backup's `crl` record with the revocations only the store's CRL record lists appended and the store's CRL
 * number if it is higher; the entry itself when neither applies.
 */
async function withStoreRevocations(ctx: AuthorityContext, entry: BackupEntry): Promise<BackupEntry> {
  const current = await ctx.store.getCrl().catch((error: unknown) => {
    if (CorruptRecordError.isInstance(error)) return undefined; // a damaged CRL record: the backup's replaces it
    throw error;
  });
  if (!current) return entry;
  const restored = crlRecordCodec.decode(entry.data, entry.path);
  const key = (r: RevokedEntry) => `${r.issuerFingerprint}:${r.serial}`;
  const listed = new Set(restored.revoked.map(key));
  const kept = current.value.revoked.filter((r) => !listed.has(key(r)));
  // The store may have published CRL numbers above the backup's: the next CRL must go above them (never repeat one).
  if (kept.length === 0 && current.value.crlNumber <= restored.crlNumber) return entry;
  const merged = { ...restored, revoked: [...restored.revoked, ...kept], crlNumber: Math.max(restored.crlNumber, current.value.crlNumber) };
  return { ...entry, data: crlRecordCodec.encode(merged) };
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
