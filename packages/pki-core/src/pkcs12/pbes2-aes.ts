import { createCipheriv, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import type { CryptoEngine } from 'pkijs';
import { AlgorithmIdentifier, EncryptedContentInfo, PBES2Params, PBKDF2Params } from 'pkijs';
import { toArrayBuffer } from '../internal/bytes.js';
import type { SealedContent } from './pbe-sha1-triple-des.js';
import { describeOid, OID, unsupportedAlgorithmHint } from './pkcs12-algorithms.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';

const pbkdf2Async = promisify(pbkdf2);
const AES_CBC = new Set(['2.16.840.1.101.3.4.1.2', '2.16.840.1.101.3.4.1.22', '2.16.840.1.101.3.4.1.42']);
const HMAC_PRF = new Set(['1.2.840.113549.2.7', '1.2.840.113549.2.9', '1.2.840.113549.2.10', '1.2.840.113549.2.11']);

/** What a PBES2 AlgorithmIdentifier uses: its cipher and PBKDF2 PRF OIDs (hmacWithSHA1 when the PRF is absent). */
export interface Pbes2Description {
  cipherOid: string;
  prfOid: string;
}

/**
 * Encrypts with PBES2 (RFC 8018): PBKDF2-HMAC-SHA256 and AES-256-CBC — OpenSSL 3's default `-keypbe`/`-certpbe`.
 * pkijs writes the parameters (PBES2Params, PBKDF2Params); node:crypto derives the key on libuv's thread pool and
 * encrypts. (pkijs's own `encryptEncryptedContentInfo` goes through three WebCrypto calls and costs four times as
 * much main-thread time: ~0.6 ms against ~0.14 ms per call, measured for tools/bench.) The password is used as
 * UTF-8 bytes, as OpenSSL does.
 *
 * @param params.plaintext - the bytes to encrypt
 * @param params.password - the file's password
 * @param params.iterations - the PBKDF2 iteration count
 * @param params.salt - fresh random PBKDF2 salt (16 bytes)
 * @param params.iv - fresh random AES IV (16 bytes)
 */
export async function encryptPbes2Aes256(params: {
  plaintext: Uint8Array;
  password: string;
  iterations: number;
  salt: Uint8Array;
  iv: Uint8Array;
}): Promise<SealedContent> {
  const key = await pbkdf2Async(params.password, params.salt, params.iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, params.iv);
  const ciphertext = new Uint8Array(Buffer.concat([cipher.update(params.plaintext), cipher.final()]));
  const kdfParams = new PBKDF2Params({
    salt: new asn1js.OctetString({ valueHex: params.salt }),
    iterationCount: params.iterations,
    prf: new AlgorithmIdentifier({ algorithmId: OID.hmacWithSha256, algorithmParams: new asn1js.Null() }),
  });
  const pbes2 = new PBES2Params({
    keyDerivationFunc: new AlgorithmIdentifier({ algorithmId: OID.pbkdf2, algorithmParams: kdfParams.toSchema() }),
    encryptionScheme: new AlgorithmIdentifier({ algorithmId: OID.aes256Cbc, algorithmParams: new asn1js.OctetString({ valueHex: params.iv }) }),
  });
  return { algorithm: new AlgorithmIdentifier({ algorithmId: OID.pbes2, algorithmParams: pbes2.toSchema() }), ciphertext };
}

/**
 * Reads the cipher and PRF of a PBES2 AlgorithmIdentifier, refusing what WebCrypto cannot run.
 *
 * @param algorithm - an AlgorithmIdentifier whose OID is PBES2
 * @throws Pkcs12FormatError naming the OID of an unsupported KDF, PRF or cipher, or for malformed parameters
 */
export function describePbes2(algorithm: AlgorithmIdentifier): Pbes2Description {
  let pbes2: PBES2Params;
  let pbkdf2: PBKDF2Params;
  try {
    pbes2 = new PBES2Params({ schema: algorithm.algorithmParams });
    if (pbes2.keyDerivationFunc.algorithmId !== OID.pbkdf2) throw unsupported(pbes2.keyDerivationFunc.algorithmId);
    pbkdf2 = new PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams });
  } catch (error) {
    if (error instanceof Pkcs12FormatError) throw error;
    throw new Pkcs12FormatError({
      code: 'P12_INVALID',
      oid: OID.pbes2,
      message: 'the PBES2 parameters in this PKCS#12 file are malformed: the file is corrupt',
      cause: error,
    });
  }
  const cipherOid = pbes2.encryptionScheme.algorithmId;
  const prfOid = pbkdf2.prf?.algorithmId ?? '1.2.840.113549.2.7';
  if (!AES_CBC.has(cipherOid)) throw unsupported(cipherOid);
  if (!HMAC_PRF.has(prfOid)) throw unsupported(prfOid);
  return { cipherOid, prfOid };
}

/**
 * Decrypts PBES2 content (PBKDF2 with HMAC-SHA-1/256/384/512, AES-128/192/256-CBC) through pkijs.
 *
 * @param params.algorithm - the PBES2 AlgorithmIdentifier
 * @param params.ciphertext - the encrypted bytes
 * @param params.password - the file's password
 * @param params.engine - the pkijs crypto engine
 * @returns the plaintext, or `null` when decryption fails (a wrong password or corrupt data)
 * @throws Pkcs12FormatError for unsupported or malformed parameters
 */
export async function decryptPbes2(params: {
  algorithm: AlgorithmIdentifier;
  ciphertext: Uint8Array;
  password: string;
  engine: CryptoEngine;
}): Promise<Uint8Array | null> {
  describePbes2(params.algorithm);
  const info = new EncryptedContentInfo({
    contentType: OID.data,
    contentEncryptionAlgorithm: params.algorithm,
    encryptedContent: new asn1js.OctetString({ valueHex: params.ciphertext }),
    disableSplit: true,
  });
  try {
    return new Uint8Array(await params.engine.decryptEncryptedContentInfo({ password: utf8(params.password), encryptedContentInfo: info }));
  } catch {
    return null;
  }
}

function unsupported(oid: string): Pkcs12FormatError {
  return new Pkcs12FormatError({
    code: 'P12_ALGORITHM_UNSUPPORTED',
    oid,
    message: `this PKCS#12 file uses PBES2 with ${describeOid(oid)}, which mtlsctl cannot decrypt: ${unsupportedAlgorithmHint(oid)}`,
  });
}

function utf8(text: string): ArrayBuffer {
  return toArrayBuffer(new TextEncoder().encode(text));
}
