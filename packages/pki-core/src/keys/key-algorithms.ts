import type { KeyType } from './key-type.js';

/** The WebCrypto parameters to generate a key pair of a key type. */
export function generationParams(keyType: KeyType): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  switch (keyType) {
    case 'p256':
      return { name: 'ECDSA', namedCurve: 'P-256' } satisfies EcKeyGenParams;
    case 'p384':
      return { name: 'ECDSA', namedCurve: 'P-384' } satisfies EcKeyGenParams;
    case 'rsa2048':
    case 'rsa3072':
    case 'rsa4096':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: Number(keyType.slice(3)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      } satisfies RsaHashedKeyGenParams;
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

/** The WebCrypto parameters to import a PKCS#8 or SPKI key of a key type. */
export function importParams(keyType: KeyType): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  switch (keyType) {
    case 'p256':
      return { name: 'ECDSA', namedCurve: 'P-256' } satisfies EcKeyImportParams;
    case 'p384':
      return { name: 'ECDSA', namedCurve: 'P-384' } satisfies EcKeyImportParams;
    case 'rsa2048':
    case 'rsa3072':
    case 'rsa4096':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } satisfies RsaHashedImportParams;
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

/**
 * The signature algorithm an issuer key of this type signs with: ECDSA with SHA-256 (P-256) or SHA-384
 * (P-384), RSASSA-PKCS1-v1_5 with the key's hash (SHA-256 for keys mtlsctl makes), or Ed25519.
 */
export function signingParams(keyType: KeyType): Algorithm | EcdsaParams {
  switch (keyType) {
    case 'p256':
      return { name: 'ECDSA', hash: 'SHA-256' } satisfies EcdsaParams;
    case 'p384':
      return { name: 'ECDSA', hash: 'SHA-384' } satisfies EcdsaParams;
    case 'rsa2048':
    case 'rsa3072':
    case 'rsa4096':
      return { name: 'RSASSA-PKCS1-v1_5' };
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}
