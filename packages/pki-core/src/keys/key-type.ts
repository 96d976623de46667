import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';

/** The key types mtlsctl generates, imports and signs with. */
export type KeyType = 'p256' | 'p384' | 'rsa2048' | 'rsa3072' | 'rsa4096' | 'ed25519';

/** Every supported key type, fastest and most widely supported first. */
export const KEY_TYPES: readonly KeyType[] = Object.freeze(['p256', 'p384', 'rsa2048', 'rsa3072', 'rsa4096', 'ed25519'] as const);

/**
 * True when `value` names a supported key type (for flags and stored records).
 *
 * @param value - e.g. `"p256"`
 */
export function isKeyType(value: string): value is KeyType {
  return (KEY_TYPES as readonly string[]).includes(value);
}

/**
 * Throws unless `value` is a supported key type; the message lists the accepted ones.
 *
 * @param value - the key type asked for
 * @throws UnsupportedKeyError for anything else
 */
export function assertKeyType(value: string): asserts value is KeyType {
  if (!isKeyType(value)) {
    throw new UnsupportedKeyError(`unknown key type "${value}": use one of ${KEY_TYPES.join(', ')}`);
  }
}

/**
 * The key type of a WebCrypto key (private or public).
 *
 * @param key - an ECDSA P-256/P-384, RSASSA-PKCS1-v1_5 2048/3072/4096 or Ed25519 key
 * @throws UnsupportedKeyError for any other algorithm, curve or size
 * @example
 * keyTypeOf((await generateKeyPair('p384')).publicKey); // 'p384'
 */
export function keyTypeOf(key: CryptoKey): KeyType {
  const algorithm = key.algorithm as KeyAlgorithm & { namedCurve?: string; modulusLength?: number };
  switch (algorithm.name) {
    case 'ECDSA':
      if (algorithm.namedCurve === 'P-256') return 'p256';
      if (algorithm.namedCurve === 'P-384') return 'p384';
      break;
    case 'RSASSA-PKCS1-v1_5': {
      const candidate = `rsa${algorithm.modulusLength ?? 0}`;
      if (isKeyType(candidate)) return candidate;
      break;
    }
    case 'Ed25519':
      return 'ed25519';
    default:
      break;
  }
  const detail = algorithm.namedCurve ?? (algorithm.modulusLength === undefined ? '' : `${algorithm.modulusLength} bits`);
  throw new UnsupportedKeyError(
    `a ${algorithm.name}${detail === '' ? '' : ` ${detail}`} key is not supported: use one of ${KEY_TYPES.join(', ')} ` +
      '(ECDSA P-256/P-384, RSA 2048/3072/4096 with PKCS#1 v1.5, Ed25519)',
  );
}
