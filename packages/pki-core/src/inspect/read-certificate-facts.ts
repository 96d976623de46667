import { DerDecodeError } from '../errors/der-decode-error.js';
import { sha256Hex, toArrayBuffer } from '../internal/bytes.js';
import { childrenOf, contentOf, DerError, elementOf, expectTlv, integerHex, readOid, readTime, TAG, type Tlv } from '../internal/der.js';
import { canonicalName } from '../internal/same-name.js';
import { x509 } from '../internal/x509.js';
import type { CertificateFacts } from './certificate-facts.js';

/**
 * Reads the facts of one DER certificate (synchronously: no signature check, no clock).
 *
 * It walks the DER directly (pki-core's strict DER reader): no ASN.1 object tree per certificate, so a
 * bundle of 10,000 certificates reads in well under a second. Names go through @peculiar/x509, remembered
 * per DER bytes (issuers repeat), so they have the format `inspectCertificate` prints.
 *
 * @param der - the certificate's DER bytes
 * @returns its fingerprint, names, serial, dates, CA flag, key identifiers and whether it is self-signed
 * @throws DerDecodeError when the bytes are not exactly one X.509 certificate (truncated, trailing bytes,
 *   not a certificate)
 * @example
 * const { fingerprint, subject, isCa } = readCertificateFacts(der);
 */
export function readCertificateFacts(der: Uint8Array): CertificateFacts {
  try {
    const outer = expectTlv(der, 0, TAG.sequence, der.length, 'Certificate');
    if (outer.end !== der.byteLength) throw new DerError('the bytes are not one DER element (truncated, or bytes follow it)');
    const parts = childrenOf(der, outer);
    const tbs = parts[0];
    if (parts.length !== 3 || tbs?.tag !== TAG.sequence || parts[1]?.tag !== TAG.sequence || parts[2]?.tag !== TAG.bitString)
      throw new DerError('not a Certificate (tbsCertificate, signatureAlgorithm, signature)');
    const fields = childrenOf(der, tbs);
    let i = fields[0]?.tag === TAG.context0 ? 1 : 0;
    const [serial, signature, issuerName, validity, subjectName, spki] = fields.slice(i, (i += 6));
    if (
      serial?.tag !== TAG.integer ||
      signature?.tag !== TAG.sequence ||
      issuerName?.tag !== TAG.sequence ||
      validity?.tag !== TAG.sequence ||
      subjectName?.tag !== TAG.sequence ||
      spki?.tag !== TAG.sequence
    ) {
      throw new DerError('not a tbsCertificate');
    }
    const [notBefore, notAfter, extra] = childrenOf(der, validity);
    if (notBefore === undefined || notAfter === undefined || extra !== undefined) throw new DerError('malformed validity');
    const subject = nameOf(elementOf(der, subjectName));
    const issuer = nameOf(elementOf(der, issuerName));
    const { isCa, ski, akiId } = readExtensions(der, fields.slice(i));
    const keyIdsAgree = ski === undefined || akiId === undefined || ski === akiId;
    // One object literal of a fixed shape (key ids present, possibly undefined): bundles build 10,000 of them.
    return {
      fingerprint: sha256Hex(der),
      subject: subject.text,
      issuer: issuer.text,
      serialNumber: integerHex(der, serial),
      notBefore: readTime(der, notBefore),
      notAfter: readTime(der, notAfter),
      isCa,
      subjectKeyIdentifier: ski,
      authorityKeyIdentifier: akiId,
      selfSigned: keyIdsAgree && sameNames(subject, issuer),
    };
  } catch (error) {
    if (DerDecodeError.isInstance(error)) throw error;
    throw new DerDecodeError('CERTIFICATE', error instanceof Error ? error.message : String(error), error);
  }
}

const BASIC_CONSTRAINTS = '2.5.29.19';
const SUBJECT_KEY_ID = '2.5.29.14';
const AUTHORITY_KEY_ID = '2.5.29.35';

/** basicConstraints cA, and the SKI and AKI keyIdentifier (hex), from the fields after subjectPublicKeyInfo. */
function readExtensions(der: Uint8Array, rest: Tlv[]): { isCa: boolean; ski?: string; akiId?: string } {
  const out: { isCa: boolean; ski?: string; akiId?: string } = { isCa: false };
  const explicit = rest.find((f) => f.tag === TAG.context3);
  if (explicit === undefined) return out;
  const [list] = childrenOf(der, explicit);
  if (list?.tag !== TAG.sequence) throw new DerError('extensions is not a SEQUENCE');
  for (const extension of childrenOf(der, list)) {
    const [oid, ...tail] = childrenOf(der, expectTlv(der, extension.start, TAG.sequence, list.end, 'Extension'));
    const value = tail[tail.length - 1];
    if (oid === undefined || value?.tag !== TAG.octetString) throw new DerError('malformed Extension');
    const id = readOid(der, oid);
    if (id === BASIC_CONSTRAINTS) {
      const [ca] = childrenOf(der, expectTlv(der, value.contentStart, TAG.sequence, value.end, 'BasicConstraints'));
      out.isCa = ca?.tag === 0x01 && der[ca.contentStart] !== 0;
    } else if (id === SUBJECT_KEY_ID) {
      out.ski = hex(contentOf(der, expectTlv(der, value.contentStart, TAG.octetString, value.end, 'SubjectKeyIdentifier')));
    } else if (id === AUTHORITY_KEY_ID) {
      const keyId = childrenOf(der, expectTlv(der, value.contentStart, TAG.sequence, value.end, 'AuthorityKeyIdentifier')).find((f) => f.tag === 0x80);
      if (keyId !== undefined) out.akiId = hex(contentOf(der, keyId));
    }
  }
  return out;
}

/** A distinguished name read once: its DER (as a map key), its text and, once asked, its canonical form. */
interface ReadName {
  key: string;
  text: string;
  parsed: x509.Name;
  /** The length of the text lowercased, without white space and escapes: equal for names that match. */
  looseLength: number;
  canonical?: string;
}

/** Names already read, by their DER (issuers repeat across a bundle); bounded. */
const names = new Map<string, ReadName>();

function nameOf(bytes: Uint8Array): ReadName {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let found = names.get(key);
  if (found === undefined) {
    const parsed = new x509.Name(toArrayBuffer(bytes));
    const text = parsed.toString();
    found = { key, text, parsed, looseLength: text.toLowerCase().replace(/[\s\\]/g, '').length };
    if (names.size >= 4096) names.clear();
    names.set(key, found);
  }
  return found;
}

/**
 * The same bytes are the same name; otherwise compare them as RFC 5280 does (`sameName`), after a cheap test
 * that rules most different names out (matching names differ only in case, white space and its escapes).
 */
function sameNames(a: ReadName, b: ReadName): boolean {
  if (a.key === b.key) return true;
  if (a.looseLength !== b.looseLength) return false;
  a.canonical ??= canonicalName(a.parsed);
  b.canonical ??= canonicalName(b.parsed);
  return a.canonical === b.canonical;
}

/** Lowercase hex of a view, without copying it. */
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
