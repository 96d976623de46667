import { createPrivateKey, createPublicKey } from 'node:crypto';
import { Certificate } from 'pkijs';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { importPrivateKeyPem } from '../keys/private-key-pem.js';
import { decodeSingle } from '../pem/decode-single.js';
import { Pkcs12InputError } from './pkcs12-input-error.js';

/** A certificate read for a PKCS#12 bag: its exact DER and the parsed structure. */
export interface CertificateInput {
  der: Uint8Array;
  certificate: Certificate;
}

/**
 * Decodes one certificate from PEM (or DER) and checks that it parses as an X.509 certificate.
 *
 * @param pem - the certificate PEM
 * @param what - how to name it in errors, e.g. `certificatePem` or `chainPems[1]`
 * @throws PemFormatError / PemLabelError for bad PEM; DerDecodeError when the DER is not a certificate
 */
export function readCertificate(pem: string, what: string): CertificateInput {
  const der = decodeSingle(pem, 'CERTIFICATE');
  try {
    return { der, certificate: Certificate.fromBER(der) };
  } catch (error) {
    throw new DerDecodeError('CERTIFICATE', `${what} does not decode as an X.509 certificate`, error);
  }
}

/**
 * The private key as PKCS#8 DER, from an extractable CryptoKey or from PEM (PKCS#8, SEC 1 or PKCS#1).
 *
 * @param privateKey - the key
 * @param crypto - the WebCrypto provider that holds it
 * @throws UnsupportedKeyError for a public or non-extractable key; pki-core's PEM/key errors for bad PEM
 */
export async function privateKeyToPkcs8(privateKey: CryptoKey | string, crypto: Crypto): Promise<Uint8Array> {
  const key = typeof privateKey === 'string' ? (await importPrivateKeyPem(privateKey, crypto)).privateKey : privateKey;
  if (key.type !== 'private') throw new UnsupportedKeyError(`buildPkcs12 needs a private key but got a ${key.type} key`);
  if (!key.extractable) {
    throw new UnsupportedKeyError(
      'the private key is not extractable, so it cannot go into a PKCS#12 file: create it with generateKeyPair or ' +
        'importPrivateKeyPem (both make extractable keys), or pass its PKCS#8 PEM',
    );
  }
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

/**
 * Refuses a key that does not belong to the certificate (such a file imports but never authenticates).
 *
 * @param pkcs8 - the private key, PKCS#8 DER
 * @param certificate - the certificate it should match
 * @throws Pkcs12InputError (`P12_KEY_CERTIFICATE_MISMATCH`)
 */
export function assertKeyMatchesCertificate(pkcs8: Uint8Array, certificate: Certificate): void {
  const fromKey = createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }));
  const spki = certificate.subjectPublicKeyInfo.toSchema().toBER(false);
  const fromCertificate = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  if (!fromKey.equals(fromCertificate)) {
    throw new Pkcs12InputError({
      code: 'P12_KEY_CERTIFICATE_MISMATCH',
      message:
        'The private key does not belong to the certificate (their public keys differ): pass the key the certificate ' +
        'was issued for.',
    });
  }
}

/**
 * The subject's first commonName, if any — the default friendlyName.
 *
 * @param certificate - the parsed certificate
 */
export function commonNameOf(certificate: Certificate): string | undefined {
  const cn = certificate.subject.typesAndValues.find((attribute) => attribute.type === '2.5.4.3');
  const value: unknown = cn?.value.valueBlock.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
