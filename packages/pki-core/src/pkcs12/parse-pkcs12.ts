import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { PFX } from 'pkijs';
import { cryptoOrDefault } from '../internal/x509.js';
import { encodePem } from '../pem/encode-pem.js';
import { OID } from './pkcs12-algorithms.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';
import { verifyMacData } from './pkcs12-mac.js';
import { Pkcs12PasswordError } from '../errors/pkcs12-password-error.js';
import type { Pkcs12Profile } from './pkcs12-profile.js';
import { openSafeBags, UndecryptableContentError, type OpenedSafeBags } from './pkcs12-safe-bags.js';
import { pkijsEngine } from './pkijs-engine.js';

/** What {@link parsePkcs12} found in a PKCS#12 file. */
export interface ParsedPkcs12 {
  /** The private key, unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKeyPem: string;
  /** The certificate whose public key matches the private key, PEM. */
  certificatePem: string;
  /** Every other certificate in the file (usually the CA chain), PEM, in file order. */
  chainPems: string[];
  /** The friendlyName of the key bag (else of the certificate's bag), if any. */
  friendlyName?: string;
  /**
   * `modern` or `legacy` when every encrypted part and the MAC match that profile exactly (see Pkcs12Profile);
   * `other` for any other readable protection (AES-128, unencrypted certificates, no MAC, mixed…).
   */
  profile: Pkcs12Profile | 'other';
  /** The integrity MAC's hash, e.g. `SHA-256` or `SHA-1`; `none` when the file has no MAC. */
  macAlgorithm: string;
}

/**
 * Reads a password-protected PKCS#12 file: checks its MAC, decrypts the key and certificate safes, and returns the
 * key, its certificate and the other certificates. Reads what mtlsctl writes (both profiles) and what
 * `openssl pkcs12 -export` writes by default or with `-keypbe/-certpbe PBE-SHA1-3DES`, AES-128/192 or `-certpbe NONE`.
 * RC2/RC4 (OpenSSL's `-legacy` default for certificates) cannot be decrypted by Node.js: a Pkcs12FormatError names
 * the OID and says how to convert the file.
 *
 * @param der - the PKCS#12 bytes (DER/BER, as written to a `.p12`/`.pfx` file — not base64, not PEM)
 * @param password - the file's password
 * @param crypto - the WebCrypto provider; default `globalThis.crypto`
 * @throws Pkcs12PasswordError (`P12_PASSWORD_WRONG`) when the MAC does not match (or, without a MAC, decryption
 *   fails); Pkcs12FormatError when the bytes are not PKCS#12, use an unsupported algorithm, or hold no usable key
 * @example
 * const { privateKeyPem, certificatePem, chainPems } = await parsePkcs12(p12Bytes, password);
 */
export async function parsePkcs12(der: Uint8Array, password: string, crypto?: Crypto): Promise<ParsedPkcs12> {
  const engine = pkijsEngine(cryptoOrDefault(crypto));
  const pfx = decodePfx(der);
  if (pfx.authSafe.contentType !== OID.data || !(pfx.authSafe.content instanceof asn1js.OctetString)) {
    throw new Pkcs12FormatError({
      code: 'P12_CONTENT_UNEXPECTED',
      oid: pfx.authSafe.contentType,
      message:
        `this PKCS#12 file uses public-key integrity (content type ${pfx.authSafe.contentType}) instead of a password MAC: ` +
        'mtlsctl reads password-protected files only (`openssl pkcs12 -export`)',
    });
  }
  const authenticatedSafe = new Uint8Array(pfx.authSafe.content.getValue());

  let macAlgorithm = 'none';
  if (pfx.macData !== undefined) {
    const mac = verifyMacData({ macData: pfx.macData, content: authenticatedSafe, password });
    if (!mac.valid) throw new Pkcs12PasswordError({ detail: `the HMAC-${mac.hash} integrity check failed` });
    macAlgorithm = mac.hash;
  }

  let opened: OpenedSafeBags;
  try {
    opened = await openSafeBags({ authenticatedSafe, password, engine });
  } catch (error) {
    if (!(error instanceof UndecryptableContentError)) throw error;
    if (macAlgorithm === 'none') throw new Pkcs12PasswordError({ detail: `the file has no MAC and its ${error.part} does not decrypt`, cause: error });
    throw new Pkcs12FormatError({
      code: 'P12_INVALID',
      message: `the PKCS#12 MAC is valid but its ${error.part} does not decrypt: the file is corrupt`,
      cause: error,
    });
  }
  return assemble(opened, macAlgorithm);
}

function assemble(opened: OpenedSafeBags, macAlgorithm: string): ParsedPkcs12 {
  const [key, ...moreKeys] = opened.keys;
  if (key === undefined || moreKeys.length > 0) {
    throw new Pkcs12FormatError({
      code: 'P12_CONTENT_UNEXPECTED',
      message:
        key === undefined
          ? 'this PKCS#12 file holds no private key (it was exported with -nokeys?): mtlsctl needs the key and its certificate'
          : `this PKCS#12 file holds ${opened.keys.length} private keys: mtlsctl expects exactly one key with its certificate`,
    });
  }
  const publicKey = publicKeyOf(key.pkcs8);
  const index = opened.certificates.findIndex((c) => certificatePublicKey(c.der)?.equals(publicKey) === true);
  const leaf = opened.certificates[index];
  if (leaf === undefined) {
    throw new Pkcs12FormatError({
      code: 'P12_CONTENT_UNEXPECTED',
      message: `this PKCS#12 file holds a private key but none of its ${opened.certificates.length} certificates is for that key`,
    });
  }
  const friendlyName = key.attributes.friendlyName ?? leaf.attributes.friendlyName;
  return {
    privateKeyPem: encodePem('PRIVATE KEY', key.pkcs8),
    certificatePem: encodePem('CERTIFICATE', leaf.der),
    chainPems: opened.certificates.filter((_, i) => i !== index).map((c) => encodePem('CERTIFICATE', c.der)),
    ...(friendlyName === undefined ? {} : { friendlyName }),
    profile: profileOf(opened.protections, macAlgorithm),
    macAlgorithm,
  };
}

function profileOf(protections: OpenedSafeBags['protections'], macAlgorithm: string): Pkcs12Profile | 'other' {
  if (macAlgorithm === 'SHA-256' && protections.length >= 2 && protections.every((p) => p === 'modern')) return 'modern';
  if (macAlgorithm === 'SHA-1' && protections.length >= 2 && protections.every((p) => p === 'legacy')) return 'legacy';
  return 'other';
}

function decodePfx(der: Uint8Array): PFX {
  const hint = inputHint(der);
  try {
    if (hint !== undefined) throw new Error(hint);
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new Error(asn1.result.error || 'not ASN.1');
    return new PFX({ schema: asn1.result });
  } catch (error) {
    throw new Pkcs12FormatError({
      code: 'P12_INVALID',
      message: `the input is not a PKCS#12 file: ${hint ?? 'it does not decode as a PFX structure (truncated or another format)'}`,
      cause: error,
    });
  }
}

/** Recognises the two usual mistakes: PEM text, and the base64 that Vault stores in the `p12` field. */
function inputHint(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder().decode(bytes.subarray(0, 128)).trimStart();
  if (head.startsWith('-----BEGIN')) return 'it is PEM text; PKCS#12 is binary (a .p12/.pfx file)';
  if (bytes.length >= 16 && /^[A-Za-z0-9+/=\r\n]+$/.test(new TextDecoder().decode(bytes.subarray(0, 256)))) {
    return 'it looks like base64 text; decode it first (e.g. `vault kv get -field=p12 ... | base64 -d > user.p12`)';
  }
  return undefined;
}

function publicKeyOf(pkcs8: Uint8Array): KeyObject {
  try {
    return createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }));
  } catch (error) {
    throw new Pkcs12FormatError({
      code: 'P12_CONTENT_UNEXPECTED',
      message: 'the private key in this PKCS#12 file is not a PKCS#8 key Node.js can read (unsupported algorithm or corrupt)',
      cause: error,
    });
  }
}

function certificatePublicKey(der: Uint8Array): KeyObject | undefined {
  try {
    return new X509Certificate(der).publicKey;
  } catch {
    return undefined;
  }
}
