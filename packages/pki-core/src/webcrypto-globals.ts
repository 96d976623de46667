import type { webcrypto } from 'node:crypto';

/*
 * The workspace compiles with `lib: ["ES2023"]` (no DOM), and @types/node 20 declares the WebCrypto types
 * only under `webcrypto`, while `globalThis.crypto` exists at run time. These global interfaces give the
 * standard names (`Crypto`, `CryptoKey`, ...) to Node's types, for this package and every package that
 * imports it. They are empty extensions, so they merge with lib.dom's declarations where DOM is loaded.
 */
declare global {
  interface Crypto extends webcrypto.Crypto {}
  interface CryptoKey extends webcrypto.CryptoKey {}
  interface CryptoKeyPair extends webcrypto.CryptoKeyPair {}
  interface SubtleCrypto extends webcrypto.SubtleCrypto {}
  interface Algorithm extends webcrypto.Algorithm {}
  interface KeyAlgorithm extends webcrypto.KeyAlgorithm {}
  interface EcdsaParams extends webcrypto.EcdsaParams {}
  interface EcKeyGenParams extends webcrypto.EcKeyGenParams {}
  interface EcKeyImportParams extends webcrypto.EcKeyImportParams {}
  interface RsaHashedKeyGenParams extends webcrypto.RsaHashedKeyGenParams {}
  interface RsaHashedImportParams extends webcrypto.RsaHashedImportParams {}
}

/** Node's WebCrypto provider type (the type of `globalThis.crypto`), also available as the global `Crypto`. */
export type WebCrypto = webcrypto.Crypto;
