import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { toArrayBuffer } from '../internal/bytes.js';
import { childrenOf, DerError, elementOf, expectTlv, integerHex, readOid, readTime, smallInteger, TAG, type Tlv } from '../internal/der.js';
import { x509 } from '../internal/x509.js';
import { decodeSingle } from '../pem/decode-single.js';
import { crlReasonOf, type RevokedCertificate } from './crl-reason.js';

/** What a CRL says. */
export interface CrlInfo {
  /** The issuer DN, same format as CertificateInfo.issuer. */
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** The cRLNumber extension, when present and at most 2^53 − 1 (larger ones are left out). */
  crlNumber?: number;
  /** The revoked certificates, serials normalised (lowercase hex, no leading `00`). */
  revoked: RevokedCertificate[];
  /** The AKI keyIdentifier, lowercase hex. */
  authorityKeyIdentifier?: string;
}

/**
 * Reads a CRL (PEM `X509 CRL` — or `CRL` — or DER). No signature check: see verifyCrlSignature.
 *
 * @param input - the CRL
 * @throws PemFormatError / PemLabelError for bad PEM; DerDecodeError when it is not a CRL
 * @example
 * const { crlNumber, nextUpdate, revoked } = parseCrl(crlPem);
 */
export function parseCrl(input: string | Uint8Array): CrlInfo {
  const der = decodeSingle(input, 'X509 CRL');
  try {
    return readCrl(der);
  } catch (error) {
    throw new DerDecodeError('X509 CRL', error instanceof Error ? error.message : String(error), error);
  }
}

const REASON_CODE = '2.5.29.21';

/**
 * Walks a CRL's DER directly (RFC 5280 5.1): a CRL of 10 000 entries is read in milliseconds, where a
 * generic ASN.1 parse builds an object tree per entry. The issuer name and the CRL extensions, read once,
 * go through @peculiar/x509, so values come out as {@link parseX509Crl} gives them.
 */
function readCrl(der: Uint8Array): CrlInfo {
  const outer = expectTlv(der, 0, TAG.sequence, der.length, 'CertificateList');
  if (outer.end !== der.length) throw new DerError('bytes follow the CRL');
  const parts = childrenOf(der, outer);
  if (parts.length !== 3 || parts[1]?.tag !== TAG.sequence || parts[2]?.tag !== TAG.bitString) throw new DerError('not a CertificateList (tbsCertList, signatureAlgorithm, signature)');
  const tbs = parts[0] as Tlv;
  if (tbs.tag !== TAG.sequence) throw new DerError('tbsCertList is not a SEQUENCE');
  const fields = childrenOf(der, tbs);
  let i = 0;
  if (fields[i]?.tag === TAG.integer) i++;
  if (fields[i++]?.tag !== TAG.sequence) throw new DerError('tbsCertList has no signature AlgorithmIdentifier');
  const issuer = fields[i++];
  if (issuer?.tag !== TAG.sequence) throw new DerError('tbsCertList has no issuer Name');
  const thisUpdate = fields[i++];
  if (thisUpdate === undefined) throw new DerError('tbsCertList has no thisUpdate');
  const info: CrlInfo = { issuer: new x509.Name(toArrayBuffer(elementOf(der, issuer))).toString(), thisUpdate: readTime(der, thisUpdate), revoked: [] };
  const next = fields[i];
  if (next?.tag === TAG.utcTime || next?.tag === TAG.generalizedTime) {
    info.nextUpdate = readTime(der, next);
    i++;
  }
  if (fields[i]?.tag === TAG.sequence) info.revoked = childrenOf(der, fields[i++] as Tlv).map((entry) => readEntry(der, entry));
  if (fields[i]?.tag === TAG.context0) readExtensions(der, fields[i++] as Tlv, info);
  if (i !== fields.length) throw new DerError('unexpected fields in tbsCertList');
  return info;
}

/** One revokedCertificates entry: serial, date and (from crlEntryExtensions) the reason. */
function readEntry(der: Uint8Array, entry: Tlv): RevokedCertificate {
  if (entry.tag !== TAG.sequence) throw new DerError(`revoked entry at offset ${entry.start} is not a SEQUENCE`);
  const [serial, date, extensions, extra] = childrenOf(der, entry);
  if (serial?.tag !== TAG.integer || date === undefined || extra !== undefined) throw new DerError(`revoked entry at offset ${entry.start} is malformed`);
  const revoked: RevokedCertificate = { serialNumber: integerHex(der, serial), revokedAt: readTime(der, date) };
  if (extensions === undefined) return revoked;
  if (extensions.tag !== TAG.sequence) throw new DerError(`crlEntryExtensions at offset ${extensions.start} is not a SEQUENCE`);
  for (const extension of childrenOf(der, extensions)) {
    const [oid, ...rest] = childrenOf(der, expectTlv(der, extension.start, TAG.sequence, extensions.end, 'Extension'));
    const value = rest[rest.length - 1];
    if (oid === undefined || value?.tag !== TAG.octetString) throw new DerError(`extension at offset ${extension.start} is malformed`);
    if (readOid(der, oid) !== REASON_CODE) continue;
    const code = expectTlv(der, value.contentStart, TAG.enumerated, value.end, 'reasonCode');
    const reason = crlReasonOf(smallInteger(der, code));
    if (reason !== undefined) revoked.reason = reason;
  }
  return revoked;
}

/** The CRL extensions ([0] EXPLICIT Extensions): cRLNumber and the authority key identifier. */
function readExtensions(der: Uint8Array, explicit: Tlv, info: CrlInfo): void {
  const [list] = childrenOf(der, explicit);
  if (list?.tag !== TAG.sequence) throw new DerError('crlExtensions is not a SEQUENCE');
  for (const tlv of childrenOf(der, list)) {
    const extension = new x509.Extension(toArrayBuffer(elementOf(der, tlv)));
    if (extension.type === id_ce_cRLNumber) {
      // asn1-schema yields a number up to 32 bits and a decimal string beyond; keep what a JS number holds exactly
      const value = Number(AsnConvert.parse(extension.value, CRLNumber).value);
      if (Number.isSafeInteger(value)) info.crlNumber = value;
    } else if (extension.type === '2.5.29.35') {
      const keyId = new x509.AuthorityKeyIdentifierExtension(extension.rawData).keyId;
      if (keyId !== undefined) info.authorityKeyIdentifier = keyId.toLowerCase();
    }
  }
}

/**
 * Parses a CRL into @peculiar/x509's model, decoding its extensions (and by default its entries) eagerly,
 * so that a damaged CRL fails here.
 *
 * @param input - PEM or DER
 * @param decodeEntries - also decode every entry now; default true (path validation skips it and looks
 *   serials up with `findRevoked`, which is much faster on large CRLs)
 */
export function parseX509Crl(input: string | Uint8Array, decodeEntries = true): x509.X509Crl {
  const der = decodeSingle(input, 'X509 CRL');
  try {
    // asn1js stops at 10 000 nodes by default, about 1 400 CRL entries; every node takes at least two
    // bytes, so a bound from the input size admits any well-formed CRL and still caps the work.
    const crl = new x509.X509Crl(toArrayBuffer(der), { berOptions: { maxNodes: Math.max(10_000, der.byteLength) } });
    void crl.extensions;
    if (decodeEntries) for (const entry of crl.entries) void entry.reason;
    return crl;
  } catch (error) {
    throw new DerDecodeError('X509 CRL', error instanceof Error ? error.message : String(error), error);
  }
}
