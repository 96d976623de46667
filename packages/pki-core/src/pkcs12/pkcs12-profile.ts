/**
 * How a PKCS#12 file is protected.
 *
 * - `modern`: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for the key bag and the certificate safe, HMAC-SHA256 MAC —
 *   OpenSSL 3's `openssl pkcs12 -export` default. Read by OpenSSL 3, Node.js, Firefox, current Windows and Android.
 * - `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC for the key bag and the certificate safe, HMAC-SHA1 MAC — what
 *   macOS/iOS Keychain and older Windows import (`openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES
 *   -macalg sha1`).
 */
export type Pkcs12Profile = 'modern' | 'legacy';

/** The profiles, for flag validation and tables. */
export const PKCS12_PROFILES: readonly Pkcs12Profile[] = ['modern', 'legacy'];

/**
 * The default iteration count for the encryption KDFs and the MAC: 2048, OpenSSL 3's `PKCS12_DEFAULT_ITER`
 * (used by `openssl pkcs12 -export` for `-iter` and `-maciter` alike).
 */
export const PKCS12_DEFAULT_ITERATIONS = 2048;

/** The per-profile choices that are not the cipher itself: the MAC hash, and the length of every salt (KDF and MAC). */
export const PROFILE_SETTINGS: Record<Pkcs12Profile, { macHash: 'SHA-256' | 'SHA-1'; saltLength: number }> = {
  // 16-byte salts (128 bits, NIST SP 800-132); OpenSSL writes 8 — both are read everywhere.
  modern: { macHash: 'SHA-256', saltLength: 16 },
  // Byte-for-byte OpenSSL's choices, the shape Keychain and old Windows have been fed for two decades.
  legacy: { macHash: 'SHA-1', saltLength: 8 },
};
