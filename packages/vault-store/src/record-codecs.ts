/**
 * Codecs between the typed records (records.ts) and KV data (all strings; JSON for arrays), one per record.
 * Decoding a malformed answer throws CorruptRecordError naming the path and field.
 */
export { caRecordCodec } from './codecs/ca-record-codec.js';
export { caKeyRecordCodec } from './codecs/ca-key-record-codec.js';
export { clientRecordCodec } from './codecs/client-record-codec.js';
export { clientInventoryCodec } from './codecs/client-inventory-codec.js';
export { crlRecordCodec } from './codecs/crl-record-codec.js';
export { identityClaimCodec } from './codecs/identity-claim-codec.js';
