import type { KvData } from '../kv-backend.js';
import type { ClientRecord, ClientStatus, EarlierCertificate } from '../records.js';
import { hasStringFields, KvFieldReader } from './kv-field-reader.js';

const STATUSES: readonly ClientStatus[] = ['active', 'revoked', 'pending'];
const EARLIER_FIELDS = ['serial', 'notAfter', 'issuerFingerprint', 'created'] as const;
const PROFILES: ReadonlyArray<ClientRecord['p12Profile']> = ['modern', 'legacy', ''];

/**
 * `pki/clients/<username>` ⇄ KV. Fields: `p12` (base64 DER, the seed's field, so
 * `vault kv get -field=p12 ... | base64 -d` keeps working), `password`, `p12_profile`, `tls.crt`, `tls.key`,
 * `ca.crt`, `serial`, `email`, `created`, `not_after`, `issuer_fingerprint`, `status`, `revoked_at`,
 * `revocation_reason`, `earlier_certificates` (JSON; omitted when empty), `reserved_certificate` (JSON; omitted when none).
 * A `pending` record (a reserved first certificate) has no `tls.crt` yet. The username is the path's last segment.
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
      ...(record.earlier.length > 0 ? { earlier_certificates: JSON.stringify(record.earlier.map(earlierFields)) } : {}),
      ...(record.reserved ? { reserved_certificate: JSON.stringify(earlierFields(record.reserved)) } : {}),
    };
  },

  decode(data: KvData, path: string, username: string): ClientRecord {
    const r = new KvFieldReader(path, data);
    const status = r.oneOf('status', STATUSES);
    return {
      username,
      email: r.optional('email'),
      serial: r.nonEmpty('serial'),
      certificatePem: status === 'pending' ? r.optional('tls.crt') : r.nonEmpty('tls.crt'),
      privateKeyPem: r.optional('tls.key'),
      caCertificatePem: r.optional('ca.crt'),
      p12Base64: r.optional('p12'),
      p12Password: r.optional('password'),
      p12Profile: data['p12_profile'] === undefined ? '' : r.oneOf('p12_profile', PROFILES),
      created: r.nonEmpty('created'),
      notAfter: r.nonEmpty('not_after'),
      issuerFingerprint: r.nonEmpty('issuer_fingerprint'),
      status,
      revokedAt: r.optional('revoked_at'),
      revocationReason: r.optional('revocation_reason'),
      earlier: data['earlier_certificates'] === undefined ? [] : r.jsonArray('earlier_certificates', isEarlier).map(earlierFields),
      reserved: data['reserved_certificate'] === undefined ? null : reservedOf(r),
    };
  },
};

function reservedOf(r: KvFieldReader): EarlierCertificate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.nonEmpty('reserved_certificate'));
  } catch {
    throw r.error('reserved_certificate', 'is not valid JSON');
  }
  if (!isEarlier(parsed)) throw r.error('reserved_certificate', 'has the wrong shape');
  return earlierFields(parsed);
}

function isEarlier(item: unknown): item is EarlierCertificate {
  return hasStringFields(item, EARLIER_FIELDS);
}

/** Only the known fields, in a fixed order. */
function earlierFields(e: EarlierCertificate): EarlierCertificate {
  return { serial: e.serial, notAfter: e.notAfter, issuerFingerprint: e.issuerFingerprint, created: e.created };
}
