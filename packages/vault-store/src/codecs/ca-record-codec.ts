import type { KvData } from '../kv-backend.js';
import type { CaRecord, TrustedCa, TrustRole } from '../records.js';
import { KvFieldReader, hasStringFields } from './kv-field-reader.js';
import { trustBundlePem } from '../trust-bundle.js';
import { PemFormatError, pemBlockTexts, pemText } from '@mtlsctl/pki-core/pem';

const ROLES: readonly TrustRole[] = ['active', 'rotated', 'imported'];

type TrustEntry = Omit<TrustedCa, 'certificatePem'>;

function isTrustEntry(item: unknown): item is TrustEntry {
  return hasStringFields(item, ['fingerprint', 'subject', 'notAfter', 'role', 'addedAt']) && (ROLES as readonly string[]).includes(item['role'] as string);
}

/**
 * `pki/ca` ⇄ KV. Fields: `ca.crt` (active CA), `tls.crt` (the bundle HAProxy trusts: {@link trustBundlePem}
 * of the trusted CAs), `fingerprint`, `not_after`, `trust` (JSON of the trusted CAs without their PEM, same order).
 * PEM texts come back ending in exactly one newline.
 */
export const caRecordCodec = {
  encode(record: CaRecord): KvData {
    return {
      'ca.crt': pemText(record.activeCertificatePem),
      'tls.crt': trustBundlePem(record.trusted),
      fingerprint: record.activeFingerprint,
      not_after: record.activeNotAfter,
      trust: JSON.stringify(record.trusted.map(({ certificatePem: _pem, ...rest }) => rest)),
    };
  },

  decode(data: KvData, path: string): CaRecord {
    const r = new KvFieldReader(path, data);
    const trust = r.jsonArray('trust', isTrustEntry);
    const pems = bundleBlocks(r, r.string('tls.crt'));
    if (pems.length !== trust.length) throw r.error('tls.crt', `holds ${pems.length} certificates but "trust" lists ${trust.length}`);
    return {
      activeCertificatePem: pemText(r.nonEmpty('ca.crt')),
      activeFingerprint: r.nonEmpty('fingerprint'),
      activeNotAfter: r.nonEmpty('not_after'),
      trusted: trust.map((t, i) => ({
        fingerprint: t.fingerprint,
        subject: t.subject,
        notAfter: t.notAfter,
        role: t.role,
        addedAt: t.addedAt,
        certificatePem: pems[i] as string,
      })),
    };
  },
};

/** The certificates' texts of a stored `tls.crt`, as written; a damaged one is a corrupt record. */
function bundleBlocks(r: KvFieldReader, text: string): string[] {
  try {
    return pemBlockTexts(text);
  } catch (error) {
    if (!PemFormatError.isInstance(error)) throw error;
    throw r.error('tls.crt', `is not well-formed PEM (${error.reason}${error.line === undefined ? '' : `, line ${error.line}`})`);
  }
}
