import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { importPrivateKeyPem } from '../keys/private-key-pem.js';
import { decodeSingle } from '../pem/decode-single.js';
import { Pkcs12InputError } from '../errors/pkcs12-input-error.js';

/** A certificate read for a PKCS#12 bag: its exact DER and Node's parsed view of it. */
export interface CertificateInput {
  der: Uint8Array;
  certificate: X509Certificate;
}

/**
 * Decodes one certificate from PEM and checks that it parses as an X.509 certificate (node:crypto's native
 * parser: five times faster than an ASN.1 parse in JavaScript, and all a p12 needs).
 *
 * @param pem - the certificate PEM
 * @param what - how to name it in errors, e.g. `certificatePem` or `chainPems[1]`
 * @throws PemFormatError / PemLabelError for bad PEM; DerDecodeError when the DER is not a certificate
 */
export function readCertificate(pem: string, what: string): CertificateInput {
  const der = decodeSingle(pem, 'CERTIFICATE');
  try {
    return { der, certificate: new X509Certificate(der) };
  } catch (error) {
    throw new DerDecodeError('CERTIFICATE', `${what} does not decode as an X.509 certificate`, error);
  }
}

/** Chain certificates already read, by PEM: the CA is the same on every p12 of a batch. Bounded, oldest out first. */
const chainCache = new Map<string, CertificateInput>();
const CHAIN_CACHE_SIZE = 32;

/**
 * {@link readCertificate} for the CA certificates of a chain, remembered by PEM text (a p12 batch repeats them; a
 * parse costs ~0.3 ms, 10% of a p12). Parsed certificates are immutable, so sharing them is safe.
 *
 * @param pem - the certificate PEM
 * @param what - how to name it in errors
 */
export function readChainCertificate(pem: string, what: string): CertificateInput {
  const cached = chainCache.get(pem);
  if (cached !== undefined) return cached;
  const read = readCertificate(pem, what);
  if (chainCache.size >= CHAIN_CACHE_SIZE) chainCache.delete(chainCache.keys().next().value as string);
  chainCache.set(pem, read);
  return read;
}

/**
 * The private key as a node:crypto KeyObject and as PKCS#8 DER, from an extractable CryptoKey or from PEM
 * (PKCS#8, SEC 1 or PKCS#1).
 *
 * @param privateKey - the key
 * @param crypto - the WebCrypto provider that holds it (used when the key is not one of Node's own CryptoKeys)
 * @throws UnsupportedKeyError for a public or non-extractable key; pki-core's PEM/key errors for bad PEM
 */
export async function readPrivateKey(
  privateKey: CryptoKey | string,
  crypto: Crypto,
): Promise<{ keyObject: KeyObject; pkcs8: Uint8Array }> {
  const key = typeof privateKey === 'string' ? (await importPrivateKeyPem(privateKey, crypto)).privateKey : privateKey;
  if (key.type !== 'private') throw new UnsupportedKeyError(`buildPkcs12 needs a private key but got a ${key.type} key`);
  if (!key.extractable) {
    throw new UnsupportedKeyError(
      'the private key is not extractable, so it cannot go into a PKCS#12 file: create it with generateKeyPair or ' +
        'importPrivateKeyPem (both make extractable keys), or pass its PKCS#8 PEM',
    );
  }
  const keyObject = nativeKeyObject(key) ?? createPrivateKey({ key: Buffer.from(await crypto.subtle.exportKey('pkcs8', key)), format: 'der', type: 'pkcs8' });
  return { keyObject, pkcs8: new Uint8Array(keyObject.export({ format: 'der', type: 'pkcs8' })) };
}

/** Node's own CryptoKeys convert to KeyObjects without an export/parse round trip; other providers' keys do not. */
function nativeKeyObject(key: CryptoKey): KeyObject | undefined {
  try {
    return KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
  } catch {
    return undefined;
  }
}

/**
 * Refuses a key that does not belong to the certificate (such a file imports but never authenticates).
 *
 * @param keyObject - the private key
 * @param certificate - the certificate it should match
 * @throws Pkcs12InputError (`P12_KEY_CERTIFICATE_MISMATCH`)
 */
export function assertKeyMatchesCertificate(keyObject: KeyObject, certificate: X509Certificate): void {
  if (!certificate.checkPrivateKey(keyObject)) {
    throw new Pkcs12InputError({
      code: 'P12_KEY_CERTIFICATE_MISMATCH',
      message:
        'the private key does not belong to the certificate (their public keys differ): pass the key the certificate ' +
        'was issued for',
    });
  }
}

/**
 * The subject's first commonName, if any — the default friendlyName.
 *
 * @param certificate - the parsed certificate
 */
export function commonNameOf(certificate: X509Certificate): string | undefined {
  const cn: unknown = (certificate.toLegacyObject().subject as Record<string, unknown> | undefined)?.['CN'];
  const first: unknown = Array.isArray(cn) ? cn[0] : cn;
  return typeof first === 'string' && first !== '' ? first : undefined;
}
