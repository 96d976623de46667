import type { ClientInventory, ClientRecord, ClientStatus } from '../records.js';
import { KvFieldReader } from './kv-field-reader.js';

const STATUSES: readonly ClientStatus[] = ['active', 'revoked', 'pending'];

/**
 * A client's inventory ⇄ KV v2 `custom_metadata` (non-secret: readable with metadata access only).
 * Keys: `serial`, `email` (omitted when empty: Vault rejects empty values), `not_after`, `issuer_fingerprint`,
 * `status`, `created`, and `version`: the data version the inventory describes.
 */
export const clientInventoryCodec = {
  /** The inventory part of a record. */
  fromRecord(record: ClientRecord): ClientInventory {
    return {
      username: record.username,
      email: record.email,
      serial: record.serial,
      notAfter: record.notAfter,
      issuerFingerprint: record.issuerFingerprint,
      status: record.status,
      created: record.created,
    };
  },

  encode(inventory: ClientInventory, version: number): Record<string, string> {
    const fields: Record<string, string> = {
      serial: inventory.serial,
      not_after: inventory.notAfter,
      issuer_fingerprint: inventory.issuerFingerprint,
      status: inventory.status,
      created: inventory.created,
      version: String(version),
    };
    if (inventory.email !== '') fields['email'] = inventory.email;
    return fields;
  },

  decode(custom: Record<string, string>, path: string, username: string): { inventory: ClientInventory; version: number } {
    const r = new KvFieldReader(`${path} (custom_metadata)`, custom);
    return {
      inventory: {
        username,
        email: r.optional('email'),
        serial: r.nonEmpty('serial'),
        notAfter: r.nonEmpty('not_after'),
        issuerFingerprint: r.nonEmpty('issuer_fingerprint'),
        status: r.oneOf('status', STATUSES),
        created: r.nonEmpty('created'),
      },
      version: r.integer('version'),
    };
  },
};
