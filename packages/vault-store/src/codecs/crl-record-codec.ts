import type { KvData } from '../kv-backend.js';
import type { CrlRecord, RevokedEntry } from '../records.js';
import { KvFieldReader, hasStringFields } from './kv-field-reader.js';

function isRevokedEntry(item: unknown): item is RevokedEntry {
  return hasStringFields(item, ['serial', 'revokedAt', 'reason', 'username', 'issuerFingerprint']);
}

/**
 * `pki/crl` ⇄ KV. Fields: `crl.pem`, `crl_number` (decimal), `next_update`, `revoked` (JSON array of
 * RevokedEntry), `haproxy.deny`.
 */
export const crlRecordCodec = {
  encode(record: CrlRecord): KvData {
    return {
      'crl.pem': record.crlPem,
      crl_number: String(record.crlNumber),
      next_update: record.nextUpdate,
      revoked: JSON.stringify(record.revoked),
      'haproxy.deny': record.haproxyDeny,
    };
  },

  decode(data: KvData, path: string): CrlRecord {
    const r = new KvFieldReader(path, data);
    return {
      crlPem: r.nonEmpty('crl.pem'),
      crlNumber: r.integer('crl_number'),
      nextUpdate: r.nonEmpty('next_update'),
      revoked: r.jsonArray('revoked', isRevokedEntry).map((e) => ({
        serial: e.serial,
        revokedAt: e.revokedAt,
        reason: e.reason,
        username: e.username,
        issuerFingerprint: e.issuerFingerprint,
      })),
      haproxyDeny: r.optional('haproxy.deny'),
    };
  },
};
