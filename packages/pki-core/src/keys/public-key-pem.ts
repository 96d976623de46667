import { createPublicKey } from 'node:crypto';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { toArrayBuffer } from '../internal/bytes.js';
import { cryptoOrDefault } from '../internal/x509.js';
import { decodeSingle } from '../pem/decode-single.js';
import { encodePem } from '../pem/encode-pem.js';
import { importParams } from './key-algorithms.js';
import { keyTypeOfKeyObject } from './key-object-type.js';
import type { KeyType } from './key-type.js';

/**
 * Writes a public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
 *
 * @param key - a public key
 * @param crypto - the WebCrypto provider; default `globalThis.crypto`
 * @throws UnsupportedKeyError when given a private key (refused so it cannot leak by mistake)
 */
export async function exportPublicKeyPem(key: CryptoKey, crypto?: Crypto): Promise<string> {
  if (key.type !== 'public') throw new UnsupportedKeyError(`expected a public key but got a ${key.type} key`);
  return encodePem('PUBLIC KEY', new Uint8Array(await cryptoOrDefault(crypto).subtle.exportKey('spki', key)));
}

/**
 * Reads a SubjectPublicKeyInfo public key (`PUBLIC KEY` PEM, or DER).
 *
 * @param pem - the key as PEM text or DER bytes
 * @param crypto - the WebCrypto provider; default `globalThis.crypto`
 * @throws PemFormatError / PemLabelError / DerDecodeError for malformed input; UnsupportedKeyError for other algorithms
 */
export async function importPublicKeyPem(pem: string | Uint8Array, crypto?: Crypto): Promise<{ keyType: KeyType; publicKey: CryptoKey }> {
  const der = decodeSingle(pem, 'PUBLIC KEY');
  let keyType: KeyType;
  try {
    keyType = keyTypeOfKeyObject(createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }));
  } catch (error) {
    if (error instanceof UnsupportedKeyError) throw error;
    throw new DerDecodeError('PUBLIC KEY', 'it cannot be decoded as a SubjectPublicKeyInfo', error);
  }
  const publicKey = await cryptoOrDefault(crypto).subtle.importKey('spki', toArrayBuffer(der), importParams(keyType), true, ['verify']);
  return { keyType, publicKey };
}
