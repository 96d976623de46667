import { createHmac, timingSafeEqual } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, DigestInfo, MacData } from 'pkijs';
import { deriveKeyPkcs12, type Pkcs12KdfHash } from './derive-key-pkcs12.js';
import { describeOid, OID, unsupportedAlgorithmHint } from './pkcs12-algorithms.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';

/** The MAC hashes RFC 7292 §5.1 and OpenSSL use, with their node:crypto names and output sizes. */
const MAC_HASHES: Record<string, { name: Pkcs12KdfHash; node: string; length: number }> = {
  [OID.sha1]: { name: 'SHA-1', node: 'sha1', length: 20 },
  [OID.sha256]: { name: 'SHA-256', node: 'sha256', length: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', node: 'sha384', length: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', node: 'sha512', length: 64 },
};

/**
 * Derives the PFX integrity MAC key (RFC 7292 appendix B, id 3) with {@link deriveKeyPkcs12}. It depends only on the
 * password, salt and iteration count, so buildPkcs12 derives it while PBKDF2 runs on the thread pool. (pkijs has a
 * PKCS#12 KDF too, over @noble/hashes: this one is ~3× faster, and the MAC key is the largest single cost of a
 * `modern` p12.)
 *
 * @param params.password - the file's password
 * @param params.salt - fresh random salt (also written to the MacData)
 * @param params.iterations - the KDF iteration count
 * @param params.hash - `SHA-256` (modern) or `SHA-1` (legacy)
 */
export function deriveMacKey(params: { password: string; salt: Uint8Array; iterations: number; hash: 'SHA-1' | 'SHA-256' }): Uint8Array {
  const oid = params.hash === 'SHA-256' ? OID.sha256 : OID.sha1;
  return macKey(oid, params.password, params.salt, params.iterations);
}

/**
 * Computes the PFX integrity MAC (RFC 7292 §5.1: HMAC over the AuthenticatedSafe bytes) and wraps it in a MacData.
 *
 * @param params.content - the DER AuthenticatedSafe (the authSafe ContentInfo's OCTET STRING contents)
 * @param params.key - the MAC key from {@link deriveMacKey}
 * @param params.salt - the salt the key was derived with
 * @param params.iterations - the iteration count it was derived with
 * @param params.hash - the hash it was derived with
 */
export function makeMacData(params: {
  content: Uint8Array;
  key: Uint8Array;
  salt: Uint8Array;
  iterations: number;
  hash: 'SHA-1' | 'SHA-256';
}): MacData {
  const oid = params.hash === 'SHA-256' ? OID.sha256 : OID.sha1;
  const mac = hmac(oid, params.key, params.content);
  return new MacData({
    mac: new DigestInfo({
      digestAlgorithm: new AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() }),
      digest: new asn1js.OctetString({ valueHex: mac }),
    }),
    macSalt: new asn1js.OctetString({ valueHex: params.salt }),
    iterations: params.iterations,
  });
}

/**
 * Checks a PFX integrity MAC (constant-time comparison).
 *
 * @param params.macData - the file's MacData
 * @param params.content - the AuthenticatedSafe bytes it covers
 * @param params.password - the password to try
 * @returns the MAC's hash name (`SHA-1`, `SHA-256`, …) and whether it matches (it does not for a wrong password)
 * @throws Pkcs12FormatError for a MAC algorithm other than HMAC with SHA-1/SHA-256/384/512 (e.g. PBMAC1, MD5)
 */
export function verifyMacData(params: { macData: MacData; content: Uint8Array; password: string }): { hash: string; valid: boolean } {
  const oid = params.macData.mac.digestAlgorithm.algorithmId;
  const hash = MAC_HASHES[oid];
  if (hash === undefined) {
    throw new Pkcs12FormatError({
      code: 'P12_ALGORITHM_UNSUPPORTED',
      oid,
      message: `this PKCS#12 file's integrity MAC uses ${describeOid(oid)}, which mtlsctl does not support: ${unsupportedAlgorithmHint(oid)}`,
    });
  }
  const salt = new Uint8Array(params.macData.macSalt.valueBlock.valueHexView);
  const expected = hmac(oid, macKey(oid, params.password, salt, params.macData.iterations ?? 1), params.content);
  const actual = new Uint8Array(params.macData.mac.digest.valueBlock.valueHexView);
  return { hash: hash.name, valid: actual.length === expected.length && timingSafeEqual(actual, expected) };
}

function macKey(oid: string, password: string, salt: Uint8Array, iterations: number): Uint8Array {
  const hash = hashOf(oid);
  // RFC 7292 B.4: the MAC key is as long as the hash output, derived with the MAC's own hash.
  return deriveKeyPkcs12({ password, salt, iterations, id: 3, length: hash.length, hash: hash.name });
}

function hmac(oid: string, key: Uint8Array, content: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(hashOf(oid).node, key).update(content).digest());
}

function hashOf(oid: string): { name: Pkcs12KdfHash; node: string; length: number } {
  const hash = MAC_HASHES[oid];
  if (hash === undefined) throw new Error(`no MAC hash for ${oid}`);
  return hash;
}
