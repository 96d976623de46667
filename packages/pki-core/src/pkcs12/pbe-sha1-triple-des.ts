import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AlgorithmIdentifier } from 'pkijs';
import { deriveKeyPkcs12 } from './derive-key-pkcs12.js';
import { describeOid, OID } from './pkcs12-algorithms.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';
import { decodePkcs12PbeParams, encodePkcs12PbeParams } from './pkcs12-pbe-params.js';

/** Ciphertext and the AlgorithmIdentifier that says how to decrypt it. */
export interface SealedContent {
  algorithm: AlgorithmIdentifier;
  ciphertext: Uint8Array;
}

/**
 * Encrypts with pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 appendix C): key (24 bytes, id 1) and IV (8 bytes,
 * id 2) from the PKCS#12 KDF with SHA-1, then DES-EDE3-CBC with PKCS#7 padding (node:crypto).
 *
 * @param params.plaintext - the bytes to encrypt (a PKCS#8 PrivateKeyInfo or a SafeContents)
 * @param params.password - the file's password
 * @param params.salt - a fresh random salt (OpenSSL uses 8 bytes)
 * @param params.iterations - the KDF iteration count
 */
export function encryptPbeSha1TripleDes(params: {
  plaintext: Uint8Array;
  password: string;
  salt: Uint8Array;
  iterations: number;
}): SealedContent {
  const { key, iv } = deriveKeyAndIv(params.password, params.salt, params.iterations);
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = new Uint8Array(Buffer.concat([cipher.update(params.plaintext), cipher.final()]));
  const algorithm = new AlgorithmIdentifier({
    algorithmId: OID.pbeSha1TripleDes,
    algorithmParams: encodePkcs12PbeParams({ salt: params.salt, iterations: params.iterations }),
  });
  return { algorithm, ciphertext };
}

/**
 * Decrypts pbeWithSHAAnd3-KeyTripleDES-CBC content.
 *
 * @param params.algorithm - the AlgorithmIdentifier (its parameters carry salt and iterations)
 * @param params.ciphertext - the encrypted bytes
 * @param params.password - the file's password
 * @returns the plaintext, or `null` when the padding is wrong (a wrong password or corrupt data)
 * @throws Pkcs12FormatError when the parameters do not decode
 */
export function decryptPbeSha1TripleDes(params: {
  algorithm: AlgorithmIdentifier;
  ciphertext: Uint8Array;
  password: string;
}): Uint8Array | null {
  const pbe = decodePkcs12PbeParams(params.algorithm.algorithmParams);
  if (pbe === undefined) {
    throw new Pkcs12FormatError({
      code: 'P12_INVALID',
      oid: OID.pbeSha1TripleDes,
      message: `the ${describeOid(OID.pbeSha1TripleDes)} parameters are malformed (expected a salt and an iteration count): the file is corrupt`,
    });
  }
  const { key, iv } = deriveKeyAndIv(params.password, pbe.salt, pbe.iterations);
  try {
    const decipher = createDecipheriv('des-ede3-cbc', key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(params.ciphertext), decipher.final()]));
  } catch {
    return null;
  }
}

function deriveKeyAndIv(password: string, salt: Uint8Array, iterations: number) {
  return {
    key: deriveKeyPkcs12({ password, salt, iterations, id: 1, length: 24, hash: 'SHA-1' }),
    iv: deriveKeyPkcs12({ password, salt, iterations, id: 2, length: 8, hash: 'SHA-1' }),
  };
}
