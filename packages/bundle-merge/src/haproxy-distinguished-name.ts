import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Name, type AttributeValue } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import type { BundleEntry } from './bundle-entry.js';
import { UnsupportedIssuerNameError } from './errors/issuer-scope-error.js';

/**
 * OpenSSL's short names (`OBJ_nid2sn`) of the name attributes mtlsctl may meet. HAProxy writes these in
 * `ssl_c_i_dn`; for an OID OpenSSL knows but this table does not, the name HAProxy prints is unknown here,
 * so such names are refused rather than guessed.
 */
const OPENSSL_SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/**
 * The bytes HAProxy's `ssl_c_i_dn` / `ssl_c_s_dn` (no arguments) produce for a name: for each attribute in
 * encoding order, `/` + OpenSSL short name + `=` + the value's raw bytes, unescaped
 * (HAProxy's `ssl_sock_get_dn_oneline`), e.g. `/C=FR/O=Acme/CN=Acme Client CA`.
 *
 * @param name - a CA entry (its subject is the issuer of the certificates it signs), or a subject string
 *   in the format of {@link BundleEntry.subject} (`C=FR, O=Acme, CN=Acme Client CA`)
 * @throws UnsupportedIssuerNameError for an attribute type not in the table or a value HAProxy would print
 *   in a form a configuration line cannot hold (BMPString, UniversalString, NUL byte, unknown encoding)
 * @example
 * haproxyDistinguishedName(caEntry); // Uint8Array of "/C=FR/O=Acme/CN=Acme Client CA"
 */
export function haproxyDistinguishedName(name: BundleEntry | string): Uint8Array {
  const label = typeof name === 'string' ? name : name.subject;
  let asn: Name;
  try {
    asn = typeof name === 'string' ? parseSubjectString(name) : AsnConvert.parse(name.der, Certificate).tbsCertificate.subject;
  } catch (error) {
    if (UnsupportedIssuerNameError.isInstance(error)) throw error;
    throw new UnsupportedIssuerNameError(label, `it is not a distinguished name (${(error as Error).message})`);
  }
  if (asn.length === 0) throw new UnsupportedIssuerNameError(label, 'it has no attributes');
  const parts: Buffer[] = [];
  for (const rdn of asn) {
    for (const attribute of rdn) {
      const shortName = OPENSSL_SHORT_NAMES[attribute.type];
      if (shortName === undefined) {
        throw new UnsupportedIssuerNameError(label, `attribute type ${attribute.type} has no known OpenSSL short name`);
      }
      parts.push(Buffer.from(`/${shortName}=`, 'latin1'), valueBytes(attribute.value, label));
    }
  }
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Parses a subject string, accepting only what re-renders to the same text: a string the parser would
 * read partly (and so match another DN) is refused.
 */
function parseSubjectString(subject: string): Name {
  const parsed = new x509.Name(subject);
  if (parsed.toString() !== subject) {
    throw new UnsupportedIssuerNameError(subject, 'it is not in the format of a bundle entry subject (e.g. "C=FR, O=Acme, CN=Acme CA")');
  }
  return AsnConvert.parse(parsed.toArrayBuffer(), Name);
}

function valueBytes(value: AttributeValue, label: string): Buffer {
  let bytes: Buffer;
  if (value.utf8String !== undefined) bytes = Buffer.from(value.utf8String, 'utf8');
  else {
    const ascii = value.printableString ?? value.ia5String ?? value.teletexString;
    if (ascii === undefined || !/^[\x00-\x7f]*$/.test(ascii)) {
      throw new UnsupportedIssuerNameError(label, 'a value is not a PrintableString, IA5String or UTF8String (or is non-ASCII TeletexString)');
    }
    bytes = Buffer.from(ascii, 'latin1');
  }
  if (bytes.includes(0)) throw new UnsupportedIssuerNameError(label, 'a value contains a NUL byte');
  return bytes;
}
