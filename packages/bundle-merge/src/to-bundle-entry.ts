import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { encodePem } from '@mtlsctl/pki-core';
import { childrenOf, contentOf, DerError, elementOf, expectTlv, integerHex, readOid, readTime, TAG, type Tlv } from '@mtlsctl/pki-core/der';
import * as x509 from '@peculiar/x509';
import type { BundleEntry } from './bundle-entry.js';
import { BundleInvalidCertificateError, type BundlePosition } from './errors/bundle-parse-error.js';

/**
 * Builds the bundle entry of one DER certificate.
 *
 * It reads only what a bundle needs (names, serial, dates, basicConstraints, key identifiers) by walking the
 * DER directly (pki-core's strict DER reader): no ASN.1 object tree per certificate, so a bundle of 10,000
 * certificates parses in well under a second. Names go through @peculiar/x509 (remembered per DER bytes, as
 * issuers repeat), so subject and issuer have the same format as pki-core's `inspectCertificate`, serial
 * without `00` sign byte (a test holds them equal).
 *
 * @param der - the certificate's DER bytes
 * @param position - where it came from, for the error message (default: nowhere)
 * @throws BundleInvalidCertificateError when the bytes are not exactly one X.509 certificate (truncated,
 *   trailing bytes, not a certificate)
 * @example
 * const entry = toBundleEntry(der);
 */
export function toBundleEntry(der: Uint8Array, position: BundlePosition = {}): BundleEntry {
  try {
    const outer = expectTlv(der, 0, TAG.sequence, der.length, 'Certificate');
    if (outer.end !== der.byteLength) throw new DerError('the bytes are not one DER element (truncated, or bytes follow it)');
    const parts = childrenOf(der, outer);
    const tbs = parts[0];
    if (parts.length !== 3 || tbs?.tag !== TAG.sequence || parts[1]?.tag !== TAG.sequence || parts[2]?.tag !== TAG.bitString) throw new DerError('not a Certificate (tbsCertificate, signatureAlgorithm, signature)');
    const fields = childrenOf(der, tbs);
    let i = fields[0]?.tag === TAG.context0 ? 1 : 0;
    const [serial, signature, issuerName, validity, subjectName, spki] = fields.slice(i, (i += 6));
    if (serial?.tag !== TAG.integer || signature?.tag !== TAG.sequence || issuerName?.tag !== TAG.sequence || validity?.tag !== TAG.sequence || subjectName?.tag !== TAG.sequence || spki?.tag !== TAG.sequence) {
      throw new DerError('not a tbsCertificate');
    }
    const [notBefore, notAfter, extra] = childrenOf(der, validity);
    if (notBefore === undefined || notAfter === undefined || extra !== undefined) throw new DerError('malformed validity');
    const subject = nameString(elementOf(der, subjectName));
    const issuer = nameString(elementOf(der, issuerName));
    const { isCa, ski, akiId } = readExtensions(der, fields.slice(i));
    const keyIdsAgree = ski === undefined || akiId === undefined || ski === akiId;
    return {
      pem: encodePem('CERTIFICATE', der),
      der,
      fingerprint: createHash('sha256').update(der).digest('hex'),
      subject,
      issuer,
      serialNumber: integerHex(der, serial),
      notBefore: readTime(der, notBefore),
      notAfter: readTime(der, notAfter),
      isCa,
      selfSigned: subject === issuer && keyIdsAgree,
    };
  } catch (error) {
    throw new BundleInvalidCertificateError(position, error);
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

/** Distinguished names already formatted, by their DER (issuers repeat across a bundle); bounded. */
const names = new Map<string, string>();

function nameString(bytes: Uint8Array): string {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let found = names.get(key);
  if (found === undefined) {
    found = new x509.Name(toArrayBuffer(bytes)).toString();
    if (names.size >= 4096) names.clear();
    names.set(key, found);
  }
  return found;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
