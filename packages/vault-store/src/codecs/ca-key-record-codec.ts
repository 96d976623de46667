import type { KvData } from '../kv-backend.js';
import type { CaKeyRecord } from '../records.js';
import { KvFieldReader } from './kv-field-reader.js';

/** `pki/ca-key` and `pki/ca-keys/<fingerprint>` ⇄ KV. Fields: `tls.key` (PKCS#8 PEM), `tls.crt`, `fingerprint`. */
export const caKeyRecordCodec = {
  encode(record: CaKeyRecord): KvData {
    return { 'tls.key': record.privateKeyPem, 'tls.crt': record.certificatePem, fingerprint: record.fingerprint };
  },

  decode(data: KvData, path: string): CaKeyRecord {
    const r = new KvFieldReader(path, data);
    return { privateKeyPem: r.nonEmpty('tls.key'), certificatePem: r.nonEmpty('tls.crt'), fingerprint: r.nonEmpty('fingerprint') };
  },
};
