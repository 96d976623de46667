import type { AlgorithmIdentifier, CryptoEngine } from 'pkijs';
import { decryptPbeSha1TripleDes, encryptPbeSha1TripleDes, type SealedContent } from './pbe-sha1-triple-des.js';
import { decryptPbes2, describePbes2, encryptPbes2Aes256 } from './pbes2-aes.js';
import { describeOid, OID, unsupportedAlgorithmHint } from './pkcs12-algorithms.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';
import { PROFILE_SETTINGS, type Pkcs12Profile } from './pkcs12-profile.js';

/**
 * Encrypts a key bag's PKCS#8 or a certificate SafeContents the way `profile` says.
 *
 * @param params.profile - `modern` (PBES2/AES-256-CBC) or `legacy` (pbeWithSHAAnd3-KeyTripleDES-CBC)
 * @param params.plaintext - the bytes to protect
 * @param params.password - the file's password
 * @param params.iterations - the KDF iteration count
 * @param params.engine - the pkijs crypto engine (its WebCrypto draws the salts and IVs)
 */
export async function sealContent(params: {
  profile: Pkcs12Profile;
  plaintext: Uint8Array;
  password: string;
  iterations: number;
  engine: CryptoEngine;
}): Promise<SealedContent> {
  const salt = params.engine.getRandomValues(new Uint8Array(PROFILE_SETTINGS[params.profile].saltLength));
  if (params.profile === 'modern') return encryptPbes2Aes256({ ...params, salt, iv: params.engine.getRandomValues(new Uint8Array(16)) });
  return encryptPbeSha1TripleDes({ ...params, salt });
}

/**
 * Decrypts content protected by any scheme mtlsctl reads: PBES2 (PBKDF2 + AES-CBC) or
 * pbeWithSHAAnd3-KeyTripleDES-CBC.
 *
 * @param params.algorithm - the content's AlgorithmIdentifier
 * @param params.ciphertext - the encrypted bytes
 * @param params.password - the file's password
 * @param params.engine - the pkijs crypto engine
 * @returns the plaintext, or `null` when it does not decrypt (a wrong password or corrupt data)
 * @throws Pkcs12FormatError naming the OID of any other scheme (RC2, RC4, single DES, …)
 */
export async function unsealContent(params: {
  algorithm: AlgorithmIdentifier;
  ciphertext: Uint8Array;
  password: string;
  engine: CryptoEngine;
}): Promise<Uint8Array | null> {
  switch (params.algorithm.algorithmId) {
    case OID.pbes2:
      return decryptPbes2(params);
    case OID.pbeSha1TripleDes:
      return decryptPbeSha1TripleDes(params);
    default: {
      const oid = params.algorithm.algorithmId;
      throw new Pkcs12FormatError({
        code: 'P12_ALGORITHM_UNSUPPORTED',
        oid,
        message: `this PKCS#12 file is encrypted with ${describeOid(oid)}, which mtlsctl cannot decrypt: ${unsupportedAlgorithmHint(oid)}`,
      });
    }
  }
}

/**
 * Which profile's encryption an AlgorithmIdentifier is: `modern` for PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC, `legacy` for pbeWithSHAAnd3-KeyTripleDES-CBC, `other` for anything else.
 *
 * @param algorithm - a content or key-bag encryption AlgorithmIdentifier that {@link unsealContent} accepted
 */
export function encryptionProfileOf(algorithm: AlgorithmIdentifier): Pkcs12Profile | 'other' {
  if (algorithm.algorithmId === OID.pbeSha1TripleDes) return 'legacy';
  if (algorithm.algorithmId !== OID.pbes2) return 'other';
  const { cipherOid, prfOid } = describePbes2(algorithm);
  return cipherOid === OID.aes256Cbc && prfOid === OID.hmacWithSha256 ? 'modern' : 'other';
}
