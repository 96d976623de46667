import { hash } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  AuthenticatedSafe,
  CertBag,
  ContentInfo,
  EncryptedContentInfo,
  EncryptedData,
  PFX,
  PKCS8ShroudedKeyBag,
  SafeBag,
  SafeContents,
} from 'pkijs';
import { cryptoOrDefault } from '../internal/x509.js';
import { makeBagAttributes } from './bag-attributes.js';
import { OID } from './pkcs12-algorithms.js';
import { sealContent } from './pkcs12-cipher.js';
import { Pkcs12InputError } from '../errors/pkcs12-input-error.js';
import { assertKeyMatchesCertificate, commonNameOf, readCertificate, readChainCertificate, readPrivateKey } from './pkcs12-key-material.js';
import { deriveMacKey, makeMacData } from './pkcs12-mac.js';
import { PKCS12_DEFAULT_ITERATIONS, PKCS12_PROFILES, PROFILE_SETTINGS, type Pkcs12Profile } from './pkcs12-profile.js';
import { pkijsEngine } from './pkijs-engine.js';

/** Parameters of {@link buildPkcs12}. */
export interface BuildPkcs12Params {
  /** The private key: an extractable CryptoKey, or its PEM (PKCS#8; SEC 1 and PKCS#1 are accepted too). */
  privateKey: CryptoKey | string;
  /** The key's certificate, PEM. */
  certificatePem: string;
  /** CA certificates to include after it (issuing CA first), PEM each. Default: none. */
  chainPems?: string[];
  /** The password; must not be empty. Use {@link generatePassword} for a strong one. */
  password: string;
  /** The label Keychain/Windows show. Default: the certificate subject's commonName (none if it has no CN). */
  friendlyName?: string;
  /** How to protect the file. Default `'modern'`. */
  profile?: Pkcs12Profile;
  /** KDF and MAC iteration count. Default 2048 (OpenSSL 3's `PKCS12_DEFAULT_ITER`). */
  iterations?: number;
  /** The WebCrypto provider (key export, salts, PBKDF2, AES, HMAC). Default `globalThis.crypto`. */
  crypto?: Crypto;
}

/** Iteration counts above this make every import take seconds on a phone; almost certainly a mistake. */
const MAX_ITERATIONS = 10_000_000;

/**
 * Writes a password-protected PKCS#12 (PFX) file holding one private key, its certificate and optionally its CA
 * chain — what `openssl pkcs12 -export` writes, in the `modern` (PBES2/AES-256-CBC, HMAC-SHA256) or `legacy`
 * (pbeWithSHAAnd3-KeyTripleDES-CBC, HMAC-SHA1) profile.
 *
 * Layout (as OpenSSL's): an encryptedData safe with the certificate bags (leaf first, then `chainPems`), then a
 * data safe with one pkcs8ShroudedKeyBag. The key bag and the leaf's certificate bag carry the same localKeyId
 * (SHA-1 of the certificate) and the friendlyName, so Keychain, Windows and OpenSSL pair them.
 *
 * @param params.privateKey - CryptoKey (extractable) or PEM
 * @param params.certificatePem - the certificate for that key
 * @param params.chainPems - CA certificates to add (default none)
 * @param params.password - non-empty password
 * @param params.friendlyName - default: the certificate's CN
 * @param params.profile - default `'modern'`
 * @param params.iterations - default 2048
 * @param params.crypto - default `globalThis.crypto`
 * @returns the DER bytes of the PFX
 * @throws Pkcs12InputError for an empty password, a bad profile or iteration count, or a key that does not match
 *   the certificate; PemFormatError/PemLabelError/DerDecodeError for bad certificates; UnsupportedKeyError for an
 *   unusable key
 * @example
 * const p12 = await buildPkcs12({ privateKey: keys.privateKey, certificatePem, password: generatePassword() });
 * const forMac = await buildPkcs12({ privateKey, certificatePem, password, profile: 'legacy' });
 */
export async function buildPkcs12(params: BuildPkcs12Params): Promise<Uint8Array> {
  const { password } = params;
  const profile = params.profile ?? 'modern';
  const iterations = params.iterations ?? PKCS12_DEFAULT_ITERATIONS;
  validate(password, profile, iterations);
  const crypto = cryptoOrDefault(params.crypto);
  const engine = pkijsEngine(crypto);

  const leaf = readCertificate(params.certificatePem, 'certificatePem');
  const chain = (params.chainPems ?? []).map((pem, i) => readChainCertificate(pem, `chainPems[${i}]`));
  const { keyObject, pkcs8 } = await readPrivateKey(params.privateKey, crypto);
  assertKeyMatchesCertificate(keyObject, leaf.certificate);

  const localKeyId = new Uint8Array(hash('sha1', leaf.der, 'buffer'));
  const attributes = { friendlyName: params.friendlyName ?? commonNameOf(leaf.certificate), localKeyId };

  const certificateBags = [leaf.der, ...chain.map((c) => c.der)].map((certificate, i) => {
    const bagAttributes = i === 0 ? makeBagAttributes(attributes) : undefined;
    return new SafeBag({
      bagId: OID.certBag,
      bagValue: new CertBag({ certId: OID.x509Certificate, certValue: new asn1js.OctetString({ valueHex: certificate }) }),
      ...(bagAttributes === undefined ? {} : { bagAttributes }),
    });
  });
  const sealing = Promise.all([
    sealContent({ profile, plaintext: der(new SafeContents({ safeBags: certificateBags })), password, iterations, engine }),
    sealContent({ profile, plaintext: pkcs8, password, iterations, engine }),
  ]);
  // The MAC key needs only the password: derive it on this thread while PBKDF2 runs on the thread pool.
  const { macHash, saltLength } = PROFILE_SETTINGS[profile];
  const macSalt = crypto.getRandomValues(new Uint8Array(saltLength));
  const macKey = deriveMacKey({ password, salt: macSalt, iterations, hash: macHash });
  const [sealedCertificates, sealedKey] = await sealing;
  const certificateSafe = new ContentInfo({
    contentType: OID.encryptedData,
    content: new EncryptedData({
      version: 0,
      encryptedContentInfo: new EncryptedContentInfo({
        contentType: OID.data,
        contentEncryptionAlgorithm: sealedCertificates.algorithm,
        encryptedContent: new asn1js.OctetString({ valueHex: sealedCertificates.ciphertext }),
        disableSplit: true,
      }),
    }).toSchema(),
  });

  const keyBag = new SafeBag({
    bagId: OID.pkcs8ShroudedKeyBag,
    bagValue: new PKCS8ShroudedKeyBag({
      encryptionAlgorithm: sealedKey.algorithm,
      encryptedData: new asn1js.OctetString({ valueHex: sealedKey.ciphertext }),
    }),
    bagAttributes: makeBagAttributes(attributes) ?? [],
  });
  const keySafe = new ContentInfo({
    contentType: OID.data,
    content: new asn1js.OctetString({ valueHex: der(new SafeContents({ safeBags: [keyBag] })) }),
  });

  const authenticatedSafe = der(new AuthenticatedSafe({ safeContents: [certificateSafe, keySafe] }));
  const pfx = new PFX({
    version: 3,
    authSafe: new ContentInfo({ contentType: OID.data, content: new asn1js.OctetString({ valueHex: authenticatedSafe }) }),
    macData: makeMacData({ content: authenticatedSafe, key: macKey, salt: macSalt, iterations, hash: macHash }),
  });
  return der(pfx);
}

function der(value: { toSchema(): { toBER(sizeOnly?: boolean): ArrayBuffer } }): Uint8Array {
  return new Uint8Array(value.toSchema().toBER(false));
}

function validate(password: string, profile: Pkcs12Profile, iterations: number): void {
  if (typeof password !== 'string' || password === '') {
    throw new Pkcs12InputError({
      code: 'P12_PASSWORD_EMPTY',
      message: 'the PKCS#12 password is empty: a p12 holds a private key, so give it a password (generatePassword() makes one)',
    });
  }
  if (!PKCS12_PROFILES.includes(profile)) {
    throw new Pkcs12InputError({
      code: 'P12_PARAMETER_INVALID',
      message: `unknown PKCS#12 profile "${String(profile)}": use "modern" (OpenSSL 3 default) or "legacy" (macOS/iOS Keychain, older Windows)`,
    });
  }
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new Pkcs12InputError({
      code: 'P12_PARAMETER_INVALID',
      message: `PKCS#12 iterations must be an integer from 1 to ${MAX_ITERATIONS}, got ${iterations}; the default is ${PKCS12_DEFAULT_ITERATIONS}`,
    });
  }
}
