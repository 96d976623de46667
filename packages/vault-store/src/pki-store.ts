import type { KvBackend, KvData, KvMetadata, KvVersionInfo } from './kv-backend.js';
import type { CaKeyRecord, CaRecord, ClientInventory, ClientRecord, CrlRecord, IdentityClaim, IdentityClaimKind } from './records.js';
import { caKeyRecordCodec, caRecordCodec, clientInventoryCodec, clientRecordCodec, crlRecordCodec, identityClaimCodec } from './record-codecs.js';
import { identityClaimPath } from './identity-claim-path.js';
import { listPages } from './list-pages.js';
import { assertPathSegment } from './path-segment.js';
import { CorruptRecordError } from './errors/corrupt-record-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { PermissionDeniedError } from './errors/permission-denied-error.js';

/** A record and the KV version it was read from (pass it back as `cas` to update it). */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** One record as a backup carries it: its path under the store root, its latest data, its custom metadata. */
export interface ExportedRecord {
  path: string;
  data: KvData;
  customMetadata: Record<string, string>;
}

/** Options of {@link PkiStore}. */
export interface PkiStoreOptions {
  /** Name of the active CA key's path under the store root (default `ca-key`). */
  caKeyPath?: string;
  /** How many metadata reads {@link PkiStore.listInventory} keeps in flight (default 8). */
  inventoryConcurrency?: number;
}

/**
 * A client's inventory as read from KV metadata, with what tells whether it is current: `version` is the
 * data version it describes; `stale` is true when a newer version exists (its inventory write failed or raced);
 * `deleted` is true when the latest version is soft-deleted.
 */
export interface ClientInventoryEntry extends ClientInventory {
  version: number;
  currentVersion: number;
  stale: boolean;
  deleted: boolean;
}

/**
 * mtlsctl's records over any KV v2 backend (Vault or the directory store), at the paths of DESIGN.md:
 * `ca`, `ca-key`, `ca-keys/<fingerprint>`, `clients/<username>` (data + inventory in custom_metadata), `crl`,
 * `claims/usernames/<sha256>` and `claims/emails/<sha256>` (who holds a username or email regardless of case).
 * Every write is check-and-set: pass the version you read (0 for a new record).
 *
 * @example
 * const store = new PkiStore(new DirectoryKvBackend(defaultStoreDir()));
 * const ca = await store.getCa();
 * await store.putCa(next, { cas: ca?.version ?? 0 });
 */
/** How a client that holds a record but no inventory is mended (the verifier's token may not read the record). */
const INVENTORY_REPAIR_HINT = 'list once with an admin token (`mtlsctl user list`) to repair it';

export class PkiStore {
  private readonly caKeyPath: string;
  private readonly concurrency: number;

  /**
   * @param backend - the KV v2 backend
   * @param options.caKeyPath - the active CA key's path name (default `ca-key`)
   */
  constructor(
    private readonly backend: KvBackend,
    options: PkiStoreOptions = {},
  ) {
    this.caKeyPath = assertPathSegment(options.caKeyPath ?? 'ca-key', 'CA key path');
    this.concurrency = Math.max(1, options.inventoryConcurrency ?? 8);
  }

  /** Where the records live, for messages and backups (`directory /path`, `vault https://… kv/pki`); never a secret. */
  get description(): string {
    return this.backend.description;
  }

  /** The CA record (`ca`), or undefined before `init`. */
  async getCa(): Promise<Versioned<CaRecord> | undefined> {
    return this.get('ca', (d, p) => caRecordCodec.decode(d, p));
  }

  /** Writes the CA record; returns the new version. @throws CasConflictError */
  async putCa(record: CaRecord, options: { cas: number }): Promise<number> {
    return this.backend.write('ca', caRecordCodec.encode(record), options);
  }

  /** The active CA key (`ca-key`, or the configured name). */
  async getCaKey(): Promise<Versioned<CaKeyRecord> | undefined> {
    return this.get(this.caKeyPath, (d, p) => caKeyRecordCodec.decode(d, p));
  }

  /** Writes the active CA key. @throws CasConflictError */
  async putCaKey(record: CaKeyRecord, options: { cas: number }): Promise<number> {
    return this.backend.write(this.caKeyPath, caKeyRecordCodec.encode(record), options);
  }

  /** A CA key kept after rotation (`ca-keys/<fingerprint>`). */
  async getArchivedCaKey(fingerprint: string): Promise<Versioned<CaKeyRecord> | undefined> {
    return this.get(`ca-keys/${assertPathSegment(fingerprint, 'CA fingerprint')}`, (d, p) => caKeyRecordCodec.decode(d, p));
  }

  /** Archives a CA key under its fingerprint. @throws CasConflictError */
  async putArchivedCaKey(record: CaKeyRecord, options: { cas: number }): Promise<number> {
    return this.backend.write(`ca-keys/${assertPathSegment(record.fingerprint, 'CA fingerprint')}`, caKeyRecordCodec.encode(record), options);
  }

  /** Fingerprints of every archived CA key, sorted. */
  async listArchivedCaKeys(): Promise<string[]> {
    const out: string[] = [];
    for await (const page of listPages(this.backend, 'ca-keys/')) out.push(...page.keys.filter((k) => !k.endsWith('/')));
    return out;
  }

  /** A client's record (`clients/<username>`), or undefined when missing or soft-deleted. */
  async getClient(username: string): Promise<Versioned<ClientRecord> | undefined> {
    return this.get(this.clientPath(username), (d, p) => clientRecordCodec.decode(d, p, username));
  }

  /**
   * A client's record and the check-and-set version to update it with, from one metadata read: the data is read
   * at the version the metadata names, so "does it exist" and "which version to replace" cannot disagree
   * (someone writing in between makes the later write fail its check-and-set instead of overwriting them).
   *
   * @returns `current`: the live record, undefined when never written or soft-deleted; `cas`: the path's
   *   current version (soft-deleted included), 0 when never written
   */
  async getClientForUpdate(username: string): Promise<{ current?: Versioned<ClientRecord>; cas: number }> {
    const path = this.clientPath(username);
    const meta = await this.backend.readMetadata(path);
    if (!meta || meta.currentVersion === 0) return { cas: 0 };
    const cas = meta.currentVersion;
    const latest = meta.versions.find((v) => v.version === cas);
    // biome-ignore lint/complexity/useOptionalChain: three separate reasons to stop, read as such
    if (!latest || latest.deletionTime !== '' || latest.destroyed) return { cas };
    const secret = await this.backend.read(path, { version: cas });
    if (!secret) return { cas };
    return { current: { value: clientRecordCodec.decode(secret.data, path, username), version: cas }, cas };
  }

  /**
   * Writes a client's record (check-and-set) and its inventory (the path's custom_metadata, naming the version
   * written: `cas + 1`): one commit on the directory store; on Vault the data first, then the metadata. If
   * that second write fails the data is already written: InventoryWriteError (carrying the version written)
   * propagates and the inventory reads as `stale` (or missing) until {@link repairClientInventory} or the next put.
   *
   * @returns the new data version
   * @throws CasConflictError (nothing written), VaultError (nothing written), InventoryWriteError (the data was written)
   */
  async putClient(record: ClientRecord, options: { cas: number }): Promise<number> {
    const path = this.clientPath(record.username);
    const customMetadata = clientInventoryCodec.encode(clientInventoryCodec.fromRecord(record), options.cas + 1);
    return this.backend.write(path, clientRecordCodec.encode(record), { cas: options.cas, customMetadata });
  }

  /** Rewrites a client's inventory from its current data (after a failed or raced inventory write). */
  async repairClientInventory(username: string): Promise<ClientInventoryEntry> {
    const found = await this.getClient(username);
    if (!found) throw new NotFoundError({ path: this.clientPath(username), what: `live client "${username}"` });
    const path = this.clientPath(username);
    await this.backend.writeMetadata(path, { customMetadata: clientInventoryCodec.encode(clientInventoryCodec.fromRecord(found.value), found.version) });
    return (await this.getClientInventory(username)) as ClientInventoryEntry;
  }

  /** A client's inventory from KV metadata only (never reads the data, so no private key is fetched). */
  async getClientInventory(username: string): Promise<ClientInventoryEntry | undefined> {
    const meta = await this.backend.readMetadata(this.clientPath(username));
    return meta ? this.inventoryOf(username, meta) : undefined;
  }

  /** A listed client's inventory from the listing's metadata; undefined when it needs a read of its own (gone, or none in its metadata). */
  private listedInventory(username: string, meta: KvMetadata | undefined): ClientInventoryEntry | undefined {
    if (!meta) return undefined;
    try {
      return this.inventoryOf(username, meta);
    } catch (error) {
      if (CorruptRecordError.isInstance(error)) return undefined;
      throw error;
    }
  }

  /** A client's inventory from its metadata as read. @throws CorruptRecordError when it holds none */
  private inventoryOf(username: string, meta: KvMetadata): ClientInventoryEntry {
    const path = this.clientPath(username);
    if (meta.customMetadata['version'] === undefined && meta.customMetadata['serial'] === undefined) {
      throw new CorruptRecordError({
        path,
        field: 'custom_metadata',
        reason: 'holds no inventory (its write failed after the data was written, or another tool wrote the record)',
        fix: 'rewrite it from the data with repairClientInventory (the record itself is intact)',
      });
    }
    const { inventory, version } = clientInventoryCodec.decode(meta.customMetadata, path, username);
    const latest = meta.versions.find((v) => v.version === meta.currentVersion);
    return {
      ...inventory,
      version,
      currentVersion: meta.currentVersion,
      stale: version !== meta.currentVersion,
      deleted: latest === undefined || latest.deletionTime !== '' || latest.destroyed,
    };
  }

  /**
   * One page of usernames, sorted.
   *
   * @param options.after - the `next` of the previous page
   * @param options.limit - page size (default 1000)
   */
  async listClients(options: { after?: string; limit?: number } = {}): Promise<{ usernames: string[]; next?: string }> {
    const page = await this.backend.list('clients/', { limit: options.limit ?? 1000, ...(options.after === undefined ? {} : { after: options.after }) });
    const usernames = page.keys.filter((k) => !k.endsWith('/'));
    return page.next === undefined ? { usernames } : { usernames, next: page.next };
  }

  /**
   * Every client's inventory, sorted by username, walking all pages via metadata (and, with `repair`, the data of broken entries).
   *
   * @param options.pageSize - usernames per listing page (default 1000)
   * @param options.repair - mend missing or stale inventories from the data as they are met (see
   *   {@link getOrRepairInventory}); default false: metadata only
   * @param options.onUnlisted - called (and the listing goes on) for a client whose inventory is missing: with
   *   `repair`, when this token may not read the data to mend it (the verifier's least-privilege token); without
   *   `repair`, for every client whose metadata holds no readable inventory. One record's failed inventory write
   *   must not make every listing fail. A stale inventory the token cannot mend is yielded as it is
   *   (`stale: true`). Without it such a client fails the listing.
   * @throws CorruptRecordError when a client's custom_metadata holds no (or a malformed) inventory; the
   *   message says to run {@link repairClientInventory}
   */
  async *listInventory(
    options: { pageSize?: number; repair?: boolean; onUnlisted?: (username: string, reason: string) => void } = {},
  ): AsyncGenerator<ClientInventoryEntry> {
    const onUnlisted = options.onUnlisted;
    const unlisted = (u: string, error: unknown): undefined => {
      if (!onUnlisted || !CorruptRecordError.isInstance(error)) throw error;
      onUnlisted(u, `${error.message}: ${INVENTORY_REPAIR_HINT}`);
      return undefined;
    };
    const read = options.repair
      ? (u: string) => this.getOrRepairInventory(u, onUnlisted ? { onUnlisted } : {})
      : (u: string) => this.getClientInventory(u).catch((error: unknown) => unlisted(u, error));
    for await (const page of listPages(this.backend, 'clients/', { limit: options.pageSize ?? 1000, withMetadata: true })) {
      const usernames = page.keys.filter((k) => !k.endsWith('/'));
      if (page.metadata) {
        // Read in the listing's pass (the directory store): only a broken entry costs a read of its own.
        for (const u of usernames) {
          const entry = this.listedInventory(u, page.metadata.get(u));
          const found = entry && (!entry.stale || entry.deleted || !options.repair) ? entry : await read(u);
          if (found) yield found;
        }
      } else {
        for (let i = 0; i < usernames.length; i += this.concurrency) {
          const entries = await Promise.all(usernames.slice(i, i + this.concurrency).map(read));
          for (const entry of entries) if (entry) yield entry;
        }
      }
    }
  }

  /**
   * A client's inventory, rewritten from its data first when it is missing or describes an older version (a
   * write interrupted between data and metadata). Repairing needs read access to the data: a token without it
   * gets a stale inventory as it is; a missing one goes to `onUnlisted` (undefined is returned) when given, else
   * the CorruptRecordError is thrown. A soft-deleted client is returned as it is.
   */
  async getOrRepairInventory(
    username: string,
    options: { onUnlisted?: (username: string, reason: string) => void } = {},
  ): Promise<ClientInventoryEntry | undefined> {
    let entry: ClientInventoryEntry | undefined;
    let missing: unknown;
    try {
      entry = await this.getClientInventory(username);
    } catch (error) {
      if (!CorruptRecordError.isInstance(error)) throw error;
      missing = error;
    }
    if (entry && (!entry.stale || entry.deleted)) return entry;
    if (!entry && !(await this.backend.readMetadata(this.clientPath(username)))) return undefined;
    try {
      return await this.repairClientInventory(username);
    } catch (error) {
      if (!PermissionDeniedError.isInstance(error)) throw error;
      if (entry) return entry;
      if (!options.onUnlisted) throw missing;
      options.onUnlisted(
        username,
        `${this.clientPath(username)} holds a certificate but no inventory (its inventory write failed) and this token may not read the record to rewrite it: ${INVENTORY_REPAIR_HINT}`,
      );
      return undefined;
    }
  }

  /** Every kept version of a client's record, oldest first. @throws NotFoundError */
  async clientHistory(username: string): Promise<KvVersionInfo[]> {
    const meta = await this.backend.readMetadata(this.clientPath(username));
    if (!meta) throw new NotFoundError({ path: this.clientPath(username), what: `client "${username}"` });
    return [...meta.versions].sort((a, b) => a.version - b.version);
  }

  /** Soft-deletes a client's latest version (undo with {@link undeleteClient}). @throws NotFoundError */
  async deleteClient(username: string): Promise<void> {
    const path = this.clientPath(username);
    if (!(await this.backend.readMetadata(path))) throw new NotFoundError({ path, what: `client "${username}"` });
    await this.backend.delete(path);
  }

  /**
   * Restores a soft-deleted version of a client's record.
   *
   * @param version - the version to restore (default: the latest)
   * @throws NotFoundError when the client or that version does not exist
   */
  async undeleteClient(username: string, version?: number): Promise<void> {
    const path = this.clientPath(username);
    const meta = await this.backend.readMetadata(path);
    const target = version ?? meta?.currentVersion;
    if (!meta || target === undefined || !meta.versions.some((v) => v.version === target)) {
      throw new NotFoundError({ path, what: `version ${target ?? '?'} of client "${username}"` });
    }
    await this.backend.undelete(path, [target]);
  }

  /** The CRL record (`crl`). */
  async getCrl(): Promise<Versioned<CrlRecord> | undefined> {
    return this.get('crl', (d, p) => crlRecordCodec.decode(d, p));
  }

  /** Writes the CRL record. @throws CasConflictError */
  async putCrl(record: CrlRecord, options: { cas: number }): Promise<number> {
    return this.backend.write('crl', crlRecordCodec.encode(record), options);
  }

  /**
   * The claim on a username or email regardless of case (at {@link identityClaimPath}), and the check-and-set
   * version that replaces it: 0 when it was never written; a soft-deleted claim reads as absent, with its version.
   */
  async getIdentityClaim(kind: IdentityClaimKind, value: string): Promise<{ current?: Versioned<IdentityClaim>; cas: number }> {
    const path = identityClaimPath(kind, value);
    const secret = await this.backend.read(path);
    if (secret) return { current: { value: identityClaimCodec.decode(secret.data, path), version: secret.version }, cas: secret.version };
    return { cas: (await this.backend.readMetadata(path))?.currentVersion ?? 0 };
  }

  /**
   * Writes a claim on its key's path: `cas: 0` creates it only if no claim was ever written there (of concurrent
   * claimants exactly one succeeds); another `cas` replaces the version read. One write, no custom metadata.
   *
   * @returns the new version
   * @throws CasConflictError (nothing written)
   */
  async putIdentityClaim(claim: IdentityClaim, options: { cas: number }): Promise<number> {
    return this.backend.write(identityClaimPath(claim.kind, claim.key), identityClaimCodec.encode(claim), { cas: options.cas });
  }

  /**
   * Every live record (latest version and custom metadata), depth first in sorted path order: what a backup
   * holds. Soft-deleted records are skipped.
   */
  async *exportRecords(): AsyncGenerator<ExportedRecord> {
    for await (const path of this.walk('')) {
      const secret = await this.backend.read(path);
      if (secret) yield { path, data: secret.data, customMetadata: secret.customMetadata };
    }
  }

  /**
   * Writes one exported record as the path's next version (check-and-set against its current one), unless its
   * latest version already holds exactly this data: importing twice changes nothing, so an interrupted import
   * is finished by running it again. A client's inventory is rewritten for the version written (never copied:
   * the one in the export names the source store's version).
   *
   * @returns true when it wrote, false when the record was already there
   * @throws CasConflictError when the path changed during the call; InvalidPathSegmentError for a bad path
   */
  async importRecord(record: ExportedRecord): Promise<boolean> {
    const segments = record.path.split('/');
    for (const segment of segments) assertPathSegment(segment, 'record path');
    const meta = await this.backend.readMetadata(record.path);
    const current = meta ? await this.backend.read(record.path) : undefined;
    const cas = meta?.currentVersion ?? 0;
    const username = segments.length === 2 && segments[0] === 'clients' ? (segments[1] as string) : undefined;
    if (username !== undefined) {
      const client = clientRecordCodec.decode(record.data, record.path, username);
      const inventory = clientInventoryCodec.encode(clientInventoryCodec.fromRecord(client), cas);
      if (current && sameMap(current.data, record.data) && sameMap(current.customMetadata, inventory)) return false;
      await this.putClient(client, { cas });
      return true;
    }
    if (current && sameMap(current.data, record.data) && sameMap(current.customMetadata, record.customMetadata)) return false;
    const customMetadata = Object.keys(record.customMetadata).length > 0 ? { customMetadata: record.customMetadata } : {};
    await this.backend.write(record.path, record.data, { cas, ...customMetadata });
    return true;
  }

  private async *walk(folder: string): AsyncGenerator<string> {
    for await (const page of listPages(this.backend, folder)) {
      for (const key of page.keys) {
        if (key.endsWith('/')) yield* this.walk(folder + key);
        else yield folder + key;
      }
    }
  }

  private clientPath(username: string): string {
    return `clients/${assertPathSegment(username, 'username')}`;
  }

  private async get<T>(path: string, decode: (data: KvData, path: string) => T): Promise<Versioned<T> | undefined> {
    const secret = await this.backend.read(path);
    return secret ? { value: decode(secret.data, path), version: secret.version } : undefined;
  }
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
