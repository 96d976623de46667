import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { PemFormatError } from '../errors/pem-format-error.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { toArrayBuffer } from '../internal/bytes.js';
import { cryptoOrDefault } from '../internal/x509.js';
import { decodePemBlocks } from '../pem/decode-pem-blocks.js';
import { encodePem } from '../pem/encode-pem.js';
import { importParams } from './key-algorithms.js';
import { keyTypeOfKeyObject } from './key-object-type.js';
import type { KeyType } from './key-type.js';

/** A private key read from PEM, with its public half and key type. */
export interface ImportedKeyPair {
  keyType: KeyType;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const PRIVATE_KEY_FORMATS = {
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
  'RSA PRIVATE KEY': 'pkcs1',
} as const;

/**
 * Writes a private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
 *
 * @param key - an extractable private key (as {@link generateKeyPair} makes)
 * @param crypto - the WebCrypto provider; default `globalThis.crypto`
 * @throws UnsupportedKeyError when the key is public or not extractable
 */
export async function exportPrivateKeyPem(key: CryptoKey, crypto?: Crypto): Promise<string> {
  if (key.type !== 'private') throw new UnsupportedKeyError(`expected a private key but got a ${key.type} key`);
  if (!key.extractable) {
    throw new UnsupportedKeyError('the private key is not extractable: create it with generateKeyPair or importPrivateKeyPem, which make extractable keys');
  }
  return encodePem('PRIVATE KEY', new Uint8Array(await cryptoOrDefault(crypto).subtle.exportKey('pkcs8', key)));
}

/**
 * Reads an unencrypted private key: PKCS#8 (`PRIVATE KEY`), SEC 1 (`EC PRIVATE KEY`) or PKCS#1
 * (`RSA PRIVATE KEY`) PEM, or DER in any of these forms. The public key is derived from it. Keys come back extractable.
 *
 * @param pem - the key as PEM text, or DER bytes
 * @param crypto - the WebCrypto provider; default `globalThis.crypto`
 * @throws PemFormatError / PemLabelError for malformed PEM or another block type (an encrypted key included);
 *   DerDecodeError for bytes that are not a key; UnsupportedKeyError for other algorithms, curves or sizes
 * @example
 * const { keyType, privateKey } = await importPrivateKeyPem(caKeyPem);
 */
export async function importPrivateKeyPem(pem: string | Uint8Array, crypto?: Crypto): Promise<ImportedKeyPair> {
  const keyObject = parsePrivateKey(pem);
  const keyType = keyTypeOfKeyObject(keyObject);
  const pkcs8 = keyObject.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(keyObject).export({ format: 'der', type: 'spki' });
  const subtle = cryptoOrDefault(crypto).subtle;
  const params = importParams(keyType);
  const [privateKey, publicKey] = await Promise.all([
    subtle.importKey('pkcs8', toArrayBuffer(pkcs8), params, true, ['sign']),
    subtle.importKey('spki', toArrayBuffer(spki), params, true, ['verify']),
  ]);
  return { keyType, privateKey, publicKey };
}

function parsePrivateKey(input: string | Uint8Array): KeyObject {
  const text = typeof input === 'string' ? input : pemText(input);
  if (text === undefined) return derToKeyObject(input as Uint8Array);
  const blocks = decodePemBlocks(text);
  const [block] = blocks;
  if (block === undefined || blocks.length > 1) {
    throw new PemFormatError(`expected one PRIVATE KEY but found ${blocks.length} PEM blocks: pass the key alone`);
  }
  const type = PRIVATE_KEY_FORMATS[block.label as keyof typeof PRIVATE_KEY_FORMATS] as 'pkcs8' | 'sec1' | 'pkcs1' | undefined;
  if (type === undefined) {
    const hint =
      block.label === 'ENCRYPTED PRIVATE KEY'
        ? 'the key is encrypted; decrypt it first, e.g. `openssl pkey -in key.pem -out key-plain.pem`'
        : 'pass the private key file, not the certificate or another object';
    throw new PemLabelError('PRIVATE KEY', block.label, hint);
  }
  return toKeyObject(block.der, type, block.label);
}

function pemText(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(bytes);
  return text.trimStart().startsWith('-----BEGIN') ? text : undefined;
}

/** DER without a label: PKCS#8, else SEC 1 or PKCS#1 (what `openssl pkey -outform DER` writes). */
function derToKeyObject(der: Uint8Array): KeyObject {
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
    } catch {
      // try the next form
    }
  }
  return toKeyObject(der, 'pkcs8', 'PRIVATE KEY');
}

function toKeyObject(der: Uint8Array, type: 'pkcs8' | 'sec1' | 'pkcs1', label: string): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch (error) {
    throw new DerDecodeError(label, 'it cannot be decoded as an unencrypted private key', error);
  }
}
