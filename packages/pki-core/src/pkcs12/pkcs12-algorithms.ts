/** OIDs of the algorithms PKCS#12 files use, and the names mtlsctl puts in messages. */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  hmacWithSha256: '1.2.840.113549.2.9',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const NAMES: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.12.1.3': 'pbeWithSHAAnd3-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.4': 'pbeWithSHAAnd2-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.5': 'pbeWithSHAAnd128BitRC2-CBC',
  '1.2.840.113549.1.12.1.6': 'pbeWithSHAAnd40BitRC2-CBC',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
  '1.2.840.113549.1.5.13': 'PBES2',
  '1.2.840.113549.1.5.12': 'PBKDF2',
  '1.2.840.113549.1.5.14': 'PBMAC1',
  '1.2.840.113549.3.2': 'RC2-CBC',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '1.2.840.113549.2.5': 'MD5',
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '1.2.840.113549.2.7': 'hmacWithSHA1',
  '1.2.840.113549.2.9': 'hmacWithSHA256',
  '1.2.840.113549.2.10': 'hmacWithSHA384',
  '1.2.840.113549.2.11': 'hmacWithSHA512',
};

/** The OIDs of RC2/RC4-based schemes that Node.js 20's OpenSSL cannot run (no legacy provider). */
const NEEDS_LEGACY_PROVIDER = new Set([
  '1.2.840.113549.1.12.1.1',
  '1.2.840.113549.1.12.1.2',
  '1.2.840.113549.1.12.1.5',
  '1.2.840.113549.1.12.1.6',
  '1.2.840.113549.3.2',
]);

/**
 * A human name for an algorithm OID, e.g. `pbeWithSHAAnd40BitRC2-CBC (1.2.840.113549.1.12.1.6)`.
 *
 * @param oid - the dotted OID
 */
export function describeOid(oid: string): string {
  const name = NAMES[oid];
  return name === undefined ? `unknown algorithm ${oid}` : `${name} (${oid})`;
}

/**
 * The "how to fix it" sentence for a file protected with an algorithm mtlsctl cannot use.
 *
 * @param oid - the unsupported algorithm's OID
 */
export function unsupportedAlgorithmHint(oid: string): string {
  if (NEEDS_LEGACY_PROVIDER.has(oid)) {
    return (
      'RC2/RC4 need OpenSSL\'s legacy provider, which Node.js does not load. Re-encrypt the file: ' +
      '`openssl pkcs12 -legacy -in old.p12 -nodes -out tmp.pem && openssl pkcs12 -export -in tmp.pem -out new.p12` ' +
      '(then delete tmp.pem), or export it again with `-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1`'
    );
  }
  return (
    'mtlsctl reads PBES2 (PBKDF2 + AES-CBC) and pbeWithSHAAnd3-KeyTripleDES-CBC with an HMAC-SHA-1/SHA-2 MAC; ' +
    're-export the file with `openssl pkcs12 -export` (OpenSSL 3 defaults)'
  );
}
