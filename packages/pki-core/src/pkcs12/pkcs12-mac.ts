import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, DigestInfo, MacData, type CryptoEngine } from 'pkijs';
import { toArrayBuffer } from '../internal/bytes.js';
import { describeOid, OID, unsupportedAlgorithmHint } from './pkcs12-algorithms.js';
import { Pkcs12FormatError } from './pkcs12-format-error.js';

const MAC_HASHES: Record<string, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/**
 * Computes the PFX integrity MAC (RFC 7292 §5.1: HMAC keyed by the PKCS#12 KDF with id 3) over the
 * AuthenticatedSafe bytes, through pkijs, and wraps it in a MacData.
 *
 * @param params.content - the DER AuthenticatedSafe (the authSafe ContentInfo's OCTET STRING contents)
 * @param params.password - the file's password
 * @param params.iterations - the KDF iteration count
 * @param params.hash - `SHA-256` (modern) or `SHA-1` (legacy)
 * @param params.saltLength - bytes of fresh salt
 * @param params.engine - the pkijs crypto engine
 */
export async function makeMacData(params: {
  content: Uint8Array;
  password: string;
  iterations: number;
  hash: 'SHA-1' | 'SHA-256';
  saltLength: number;
  engine: CryptoEngine;
}): Promise<MacData> {
  const salt = params.engine.getRandomValues(new Uint8Array(params.saltLength));
  const mac = await params.engine.stampDataWithPassword({
    password: utf8(params.password),
    hashAlgorithm: params.hash,
    salt: toArrayBuffer(salt),
    iterationCount: params.iterations,
    contentToStamp: toArrayBuffer(params.content),
  });
  return new MacData({
    mac: new DigestInfo({
      digestAlgorithm: new AlgorithmIdentifier({
        algorithmId: params.hash === 'SHA-256' ? OID.sha256 : OID.sha1,
        algorithmParams: new asn1js.Null(),
      }),
      digest: new asn1js.OctetString({ valueHex: mac }),
    }),
    macSalt: new asn1js.OctetString({ valueHex: salt }),
    iterations: params.iterations,
  });
}

/**
 * Checks a PFX integrity MAC.
 *
 * @param params.macData - the file's MacData
 * @param params.content - the AuthenticatedSafe bytes it covers
 * @param params.password - the password to try
 * @param params.engine - the pkijs crypto engine
 * @returns the MAC's hash name (e.g. `SHA-256`) and whether the MAC matches (it does not for a wrong password)
 * @throws Pkcs12FormatError for a MAC algorithm other than HMAC with SHA-1/SHA-2 (e.g. PBMAC1, MD5)
 */
export async function verifyMacData(params: {
  macData: MacData;
  content: Uint8Array;
  password: string;
  engine: CryptoEngine;
}): Promise<{ hash: string; valid: boolean }> {
  const oid = params.macData.mac.digestAlgorithm.algorithmId;
  const hash = MAC_HASHES[oid];
  if (hash === undefined) {
    throw new Pkcs12FormatError({
      code: 'P12_UNSUPPORTED_ALGORITHM',
      oid,
      message: `This PKCS#12 file's integrity MAC uses ${describeOid(oid)}, which mtlsctl does not support: ${unsupportedAlgorithmHint(oid)}.`,
    });
  }
  const valid = await params.engine.verifyDataStampedWithPassword({
    password: utf8(params.password),
    hashAlgorithm: hash,
    salt: toArrayBuffer(new Uint8Array(params.macData.macSalt.valueBlock.valueHexView)),
    iterationCount: params.macData.iterations ?? 1,
    contentToVerify: toArrayBuffer(params.content),
    signatureToVerify: toArrayBuffer(new Uint8Array(params.macData.mac.digest.valueBlock.valueHexView)),
  });
  return { hash, valid };
}

function utf8(text: string): ArrayBuffer {
  return toArrayBuffer(new TextEncoder().encode(text));
}
