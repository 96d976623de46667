import * as asn1js from 'asn1js';
import { AuthenticatedSafe, type CertBag, EncryptedData, type PKCS8ShroudedKeyBag, PrivateKeyInfo, SafeContents, type CryptoEngine, type SafeBag } from 'pkijs';
import { readBagAttributes, type BagAttributes } from './bag-attributes.js';
import { OID } from './pkcs12-algorithms.js';
import { encryptionProfileOf, unsealContent } from './pkcs12-cipher.js';
import { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';
import type { Pkcs12Profile } from './pkcs12-profile.js';

/** The key and certificate bags of a PKCS#12 file, decrypted, with how each encrypted part was protected. */
export interface OpenedSafeBags {
  keys: { pkcs8: Uint8Array; attributes: BagAttributes }[];
  certificates: { der: Uint8Array; attributes: BagAttributes }[];
  /** The profile of every encrypted part (certificate safes and shrouded key bags); `none` for unencrypted ones. */
  protections: (Pkcs12Profile | 'other' | 'none')[];
}

/**
 * A decryption failed, or its output does not parse (a wrong key can yield valid padding about once in 256
 * tries): the password is wrong when no MAC vouched for it, else the data is corrupt.
 */
export class UndecryptableContentError extends Error {
  constructor(readonly part: string) {
    super(`the ${part} does not decrypt`);
  }
}

/**
 * Opens every safe of an AuthenticatedSafe: decrypts encryptedData safes and shrouded key bags, collects private
 * keys (PKCS#8 DER) and X.509 certificates (DER) with their attributes. CRL, secret and unknown bags are ignored.
 *
 * @param params.authenticatedSafe - the DER AuthenticatedSafe (already MAC-checked by the caller)
 * @param params.password - the file's password
 * @param params.engine - the pkijs crypto engine
 * @throws UndecryptableContentError when a part does not decrypt; Pkcs12FormatError for unsupported schemes and
 *   malformed structures
 */
export async function openSafeBags(params: {
  authenticatedSafe: Uint8Array;
  password: string;
  engine: CryptoEngine;
}): Promise<OpenedSafeBags> {
  const { password, engine } = params;
  const opened: OpenedSafeBags = { keys: [], certificates: [], protections: [] };
  const safes = decode('AuthenticatedSafe', () => AuthenticatedSafe.fromBER(params.authenticatedSafe)).safeContents;

  const visit = async (bags: readonly SafeBag[]): Promise<void> => {
    for (const bag of bags) {
      const attributes = readBagAttributes(bag.bagAttributes);
      if (bag.bagId === OID.pkcs8ShroudedKeyBag) {
        const shrouded = bag.bagValue as PKCS8ShroudedKeyBag;
        const algorithm = shrouded.encryptionAlgorithm;
        const ciphertext = new Uint8Array(shrouded.encryptedData.getValue());
        const pkcs8 = await unsealContent({ algorithm, ciphertext, password, engine });
        if (pkcs8 === null) throw new UndecryptableContentError('shrouded key bag');
        decrypted('shrouded key bag', () => PrivateKeyInfo.fromBER(pkcs8));
        opened.protections.push(encryptionProfileOf(algorithm));
        opened.keys.push({ pkcs8, attributes });
      } else if (bag.bagId === OID.keyBag) {
        opened.protections.push('none');
        opened.keys.push({ pkcs8: new Uint8Array((bag.bagValue as PrivateKeyInfo).toSchema().toBER(false)), attributes });
      } else if (bag.bagId === OID.certBag) {
        const certBag = bag.bagValue as CertBag;
        if (certBag.certId === OID.x509Certificate && certBag.certValue instanceof asn1js.OctetString) {
          opened.certificates.push({ der: new Uint8Array(certBag.certValue.getValue()), attributes });
        }
      } else if (bag.bagValue instanceof SafeContents) {
        await visit(bag.bagValue.safeBags);
      }
    }
  };

  for (const safe of safes) {
    if (safe.contentType === OID.data) {
      const bytes = new Uint8Array((safe.content as asn1js.OctetString).getValue());
      await visit(decode('SafeContents', () => SafeContents.fromBER(bytes)).safeBags);
    } else if (safe.contentType === OID.encryptedData) {
      const info = decode('EncryptedData', () => new EncryptedData({ schema: safe.content })).encryptedContentInfo;
      const algorithm = info.contentEncryptionAlgorithm;
      const plaintext = await unsealContent({ algorithm, ciphertext: new Uint8Array(info.getEncryptedContent()), password, engine });
      if (plaintext === null) throw new UndecryptableContentError('encrypted certificate safe');
      opened.protections.push(encryptionProfileOf(algorithm));
      await visit(decrypted('encrypted certificate safe', () => SafeContents.fromBER(plaintext)).safeBags);
    } else {
      throw new Pkcs12FormatError({
        code: 'P12_CONTENT_UNEXPECTED',
        oid: safe.contentType,
        message:
          `this PKCS#12 file has a safe of content type ${safe.contentType} (public-key privacy, e.g. envelopedData), ` +
          'which mtlsctl does not read: export it with a password only (`openssl pkcs12 -export`)',
      });
    }
  }
  return opened;
}

function decrypted<T>(part: string, parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new UndecryptableContentError(part);
  }
}

function decode<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new Pkcs12FormatError({
      code: 'P12_INVALID',
      message: `the PKCS#12 file's ${what} is malformed (${error instanceof Error ? error.message : String(error)}): the file is corrupt or truncated`,
      cause: error,
    });
  }
}
