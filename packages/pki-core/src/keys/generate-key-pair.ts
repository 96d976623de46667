import { cryptoOrDefault } from '../internal/x509.js';
import { generationParams } from './key-algorithms.js';
import { assertKeyType, type KeyType } from './key-type.js';

/**
 * Generates an extractable signing key pair.
 *
 * RSA keys are RSASSA-PKCS1-v1_5 with SHA-256 and exponent 65537. RSA 3072/4096 take seconds to generate.
 *
 * @param keyType - the key type; default `'p256'`
 * @param crypto - the WebCrypto provider; default `globalThis.crypto`
 * @returns the pair; its private key can be written with {@link exportPrivateKeyPem}
 * @throws UnsupportedKeyError for an unknown key type
 * @example
 * const keys = await generateKeyPair('p384');
 */
export async function generateKeyPair(keyType: KeyType = 'p256', crypto?: Crypto): Promise<CryptoKeyPair> {
  assertKeyType(keyType);
  const pair = await cryptoOrDefault(crypto).subtle.generateKey(generationParams(keyType), true, ['sign', 'verify']);
  return pair as CryptoKeyPair;
}
