import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { normalizeHex, toArrayBuffer } from '../internal/bytes.js';
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
  const crl = parseX509Crl(input);
  const aki = crl.getExtension(x509.AuthorityKeyIdentifierExtension);
  const number = crl.getExtension(id_ce_cRLNumber);
  const info: CrlInfo = {
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate,
    revoked: crl.entries.map((entry) => {
      const revoked: RevokedCertificate = { serialNumber: normalizeHex(entry.serialNumber), revokedAt: entry.revocationDate };
      const reason = crlReasonOf(entry.reason);
      if (reason !== undefined) revoked.reason = reason;
      return revoked;
    }),
  };
  if (crl.nextUpdate !== undefined) info.nextUpdate = crl.nextUpdate;
  if (number !== null) {
    // asn1-schema yields a number up to 32 bits and a decimal string beyond; keep what a JS number holds exactly
    const value = Number(AsnConvert.parse(number.value, CRLNumber).value);
    if (Number.isSafeInteger(value)) info.crlNumber = value;
  }
  if (aki?.keyId !== undefined) info.authorityKeyIdentifier = aki.keyId.toLowerCase();
  return info;
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
