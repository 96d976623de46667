import type { KvData } from '../kv-backend.js';
import type { ClientRecord, ClientStatus } from '../records.js';
import { KvFieldReader } from './kv-field-reader.js';

const STATUSES: readonly ClientStatus[] = ['active', 'revoked'];
const PROFILES: ReadonlyArray<ClientRecord['p12Profile']> = ['modern', 'legacy', ''];

/**
 * `pki/clients/<username>` ⇄ KV. Fields: `p12` (base64 DER, the seed's field, so
 * `vault kv get -field=p12 ... | base64 -d` keeps working), `password`, `p12_profile`, `tls.crt`, `tls.key`,
 * `ca.crt`, `serial`, `email`, `created`, `not_after`, `issuer_fingerprint`, `status`, `revoked_at`,
 * `revocation_reason`. The username is the path's last segment.
 */
export const clientRecordCodec = {
  encode(record: ClientRecord): KvData {
    return {
      p12: record.p12Base64,
      password: record.p12Password,
      p12_profile: record.p12Profile,
      'tls.crt': record.certificatePem,
      'tls.key': record.privateKeyPem,
      'ca.crt': record.caCertificatePem,
      serial: record.serial,
      email: record.email,
      created: record.created,
      not_after: record.notAfter,
      issuer_fingerprint: record.issuerFingerprint,
      status: record.status,
      revoked_at: record.revokedAt,
      revocation_reason: record.revocationReason,
    };
  },

  decode(data: KvData, path: string, username: string): ClientRecord {
    const r = new KvFieldReader(path, data);
    return {
      username,
      email: r.optional('email'),
      serial: r.nonEmpty('serial'),
      certificatePem: r.nonEmpty('tls.crt'),
      privateKeyPem: r.optional('tls.key'),
      caCertificatePem: r.optional('ca.crt'),
      p12Base64: r.optional('p12'),
      p12Password: r.optional('password'),
      p12Profile: data['p12_profile'] === undefined ? '' : r.oneOf('p12_profile', PROFILES),
      created: r.nonEmpty('created'),
      notAfter: r.nonEmpty('not_after'),
      issuerFingerprint: r.nonEmpty('issuer_fingerprint'),
      status: r.oneOf('status', STATUSES),
      revokedAt: r.optional('revoked_at'),
      revocationReason: r.optional('revocation_reason'),
    };
  },
};
