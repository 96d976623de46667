import type { KeyObject } from 'node:crypto';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { isKeyType, KEY_TYPES, type KeyType } from './key-type.js';

const CURVES: Partial<Record<string, KeyType>> = { prime256v1: 'p256', secp384r1: 'p384' };

/**
 * The key type of a node:crypto KeyObject (used to read PEM/DER keys and SPKI without I/O).
 *
 * @param key - a private or public KeyObject
 * @throws UnsupportedKeyError for algorithms, curves or sizes mtlsctl does not support
 */
export function keyTypeOfKeyObject(key: KeyObject): KeyType {
  const details = key.asymmetricKeyDetails ?? {};
  const kind = key.asymmetricKeyType;
  if (kind === 'ec') {
    const keyType = CURVES[details.namedCurve ?? ''];
    if (keyType !== undefined) return keyType;
  } else if (kind === 'rsa') {
    const candidate = `rsa${details.modulusLength ?? 0}`;
    if (isKeyType(candidate)) return candidate;
  } else if (kind === 'ed25519') {
    return 'ed25519';
  }
  throw new UnsupportedKeyError(`${describeKeyObject(key)} keys are not supported: use one of ${KEY_TYPES.join(', ')}`);
}

/**
 * A short human description of a key's algorithm: "ECDSA P-256", "RSA 2048", "Ed25519", "RSA-PSS 2048".
 *
 * @param key - a private or public KeyObject
 */
export function describeKeyObject(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return `ECDSA ${CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown curve'}`;
    case 'rsa':
      return `RSA ${details.modulusLength ?? '?'}`;
    case 'rsa-pss':
      return `RSA-PSS ${details.modulusLength ?? '?'}`;
    case 'dsa':
      return `DSA ${details.modulusLength ?? '?'}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    default:
      return key.asymmetricKeyType ?? 'unknown';
  }
}

const CURVE_NAMES: Partial<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
