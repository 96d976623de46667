import type { KvData } from '../kv-backend.js';
import type { IdentityClaim } from '../records.js';
import { KvFieldReader } from './kv-field-reader.js';

/** `pki/claims/<kind>s/<sha256>` ⇄ KV. Fields: `kind`, `key`, `claimant`, `claimant_version`, `claimed_at`. */
export const identityClaimCodec = {
  encode(claim: IdentityClaim): KvData {
    return { kind: claim.kind, key: claim.key, claimant: claim.claimant, claimant_version: String(claim.claimantVersion), claimed_at: claim.claimedAt };
  },

  decode(data: KvData, path: string): IdentityClaim {
    const r = new KvFieldReader(path, data);
    return {
      kind: r.oneOf('kind', ['username', 'email'] as const),
      key: r.nonEmpty('key'),
      claimant: r.string('claimant'),
      claimantVersion: r.integer('claimant_version'),
      claimedAt: r.nonEmpty('claimed_at'),
    };
  },
};
