import { InvalidNameError } from '../errors/invalid-name-error.js';
import { x509 } from './x509.js';

type StringKind = 'utf8String' | 'printableString' | 'ia5String';

/** Attribute types accepted in a subject string: short name → OID, ASN.1 string type and upper bound. */
const ATTRIBUTES: Partial<Record<string, { oid: string; kind: StringKind; max: number }>> = {
  CN: { oid: '2.5.4.3', kind: 'utf8String', max: 64 },
  O: { oid: '2.5.4.10', kind: 'utf8String', max: 64 },
  OU: { oid: '2.5.4.11', kind: 'utf8String', max: 64 },
  C: { oid: '2.5.4.6', kind: 'printableString', max: 2 },
  L: { oid: '2.5.4.7', kind: 'utf8String', max: 128 },
  ST: { oid: '2.5.4.8', kind: 'utf8String', max: 128 },
  STREET: { oid: '2.5.4.9', kind: 'utf8String', max: 128 },
  SERIALNUMBER: { oid: '2.5.4.5', kind: 'printableString', max: 64 },
  DC: { oid: '0.9.2342.19200300.100.1.25', kind: 'ia5String', max: 63 },
  E: { oid: '1.2.840.113549.1.9.1', kind: 'ia5String', max: 255 },
  EMAILADDRESS: { oid: '1.2.840.113549.1.9.1', kind: 'ia5String', max: 255 },
};

/** OID of the commonName attribute. */
export const OID_COMMON_NAME = '2.5.4.3';
/** OID of the PKCS#9 emailAddress attribute. */
export const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

/**
 * Parses a subject such as `CN=mtlsctl CA,O=Acme` strictly. RDNs are in the order written, which is the
 * order they are encoded and the order `inspectCertificate` prints them. `,` separates RDNs, `+` joins
 * attributes of one RDN, and `\` escapes a special character (`\,`). Unknown attribute types and text that
 * is not `TYPE=value` are refused instead of being dropped.
 *
 * @param text - the subject
 * @throws InvalidNameError naming the faulty part
 */
export function parseDistinguishedName(text: string): x509.Name {
  if (text.trim() === '') throw new InvalidNameError('the subject is empty: pass a distinguished name such as "CN=mtlsctl CA,O=Acme"');
  const rdns = splitUnescaped(text, ',').map((rdn) =>
    splitUnescaped(rdn, '+').map((attribute) => parseAttribute(attribute.trim(), text)),
  );
  return new x509.Name(
    rdns.map((rdn) => {
      const json: Record<string, Array<Partial<Record<StringKind, string>>>> = {};
      for (const { oid, kind, value } of rdn) (json[oid] ??= []).push({ [kind]: value });
      return json;
    }),
  );
}

/**
 * A subject of one commonName (UTF8String) and, optionally, one emailAddress (IA5String).
 *
 * @param commonName - the CN value, used verbatim (no escaping rules apply)
 * @param email - the emailAddress value, if wanted in the subject
 */
export function commonNameSubject(commonName: string, email?: string): x509.Name {
  const rdns: Array<Record<string, Array<Partial<Record<StringKind, string>>>>> = [{ [OID_COMMON_NAME]: [{ utf8String: commonName }] }];
  if (email !== undefined) rdns.push({ [OID_EMAIL_ADDRESS]: [{ ia5String: email }] });
  return new x509.Name(rdns);
}

function parseAttribute(part: string, whole: string): { oid: string; kind: StringKind; value: string } {
  const eq = part.indexOf('=');
  if (eq <= 0) {
    throw new InvalidNameError(`"${part}" in subject "${whole}" is not TYPE=value: write it like "CN=mtlsctl CA,O=Acme" (escape a literal comma as "\\,")`);
  }
  const type = part.slice(0, eq).trim().toUpperCase();
  const spec = ATTRIBUTES[type];
  if (spec === undefined) {
    throw new InvalidNameError(`unknown attribute type "${part.slice(0, eq).trim()}" in subject "${whole}": use ${Object.keys(ATTRIBUTES).join(', ')}`);
  }
  const value = unescapeValue(part.slice(eq + 1).trim(), whole);
  if (value === '') throw new InvalidNameError(`${type} is empty in subject "${whole}"`);
  if (value.length > spec.max) throw new InvalidNameError(`${type} in subject "${whole}" is longer than ${spec.max} characters`);
  if (spec.kind === 'printableString' && !/^[A-Za-z0-9 '()+,\-./:=?]+$/.test(value)) {
    throw new InvalidNameError(`${type} in subject "${whole}" may hold only letters, digits, spaces and '()+,-./:=?`);
  }
  if (spec.kind === 'ia5String' && !/^[\x20-\x7e]+$/.test(value)) {
    throw new InvalidNameError(`${type} in subject "${whole}" must be printable ASCII`);
  }
  if (/[\x00-\x1f\x7f]/.test(value)) throw new InvalidNameError(`${type} in subject "${whole}" contains a control character`);
  return { oid: spec.oid, kind: spec.kind, value };
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\') {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeValue(value: string, whole: string): string {
  if (value.endsWith('\\') && !value.endsWith('\\\\')) throw new InvalidNameError(`subject "${whole}" ends with a lone "\\"`);
  return value.replace(/\\(.)/g, '$1');
}
