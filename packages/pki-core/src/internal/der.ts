/**
 * A minimal strict DER reader and writer for the few structures pki-core walks or writes in bulk (CRL entries,
 * certificate fields of large bundles), where building a generic ASN.1 object tree per element is what costs.
 * Everything else goes through @peculiar/x509 and asn1-schema.
 */

/** One DER element: its tag byte and where its header and content lie in the buffer it was read from. */
export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

/** DER tags used here. */
export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context1: 0xa1,
  context3: 0xa3,
} as const;

/** A malformed DER input: the caller wraps it in its own error type. */
export class DerError extends Error {}

/**
 * Reads the element at `offset` (single-byte tags, definite minimal lengths), within `limit`.
 *
 * @throws DerError when the header is malformed or the content runs past `limit`
 */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated element at offset ${offset}`);
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at offset ${offset}`);
  let length = bytes[offset + 1] as number;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError(`unsupported length at offset ${offset}`);
    if (contentStart + count > limit) throw new DerError(`truncated length at offset ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[contentStart + i] as number);
    if (length < 0x80 || (count > 1 && bytes[contentStart] === 0)) throw new DerError(`non-minimal length at offset ${offset}`);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`element at offset ${offset} runs past its container`);
  return { tag, start: offset, contentStart, end };
}

/** Reads an element and checks its tag. @throws DerError */
export function expectTlv(bytes: Uint8Array, offset: number, tag: number, limit?: number, what = 'element'): Tlv {
  const tlv = readTlv(bytes, offset, limit);
  if (tlv.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${tlv.tag.toString(16)} at offset ${offset}`);
  return tlv;
}

/** The children of a constructed element, in order. @throws DerError */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readTlv(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The content bytes of an element (a view, not a copy). */
export function contentOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.contentStart, tlv.end);
}

/** The whole element, header included (a view). */
export function elementOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

/** An INTEGER's content as lowercase hex without leading `00` octets (a positive serial as openssl prints it). */
export function integerHex(bytes: Uint8Array, tlv: Tlv): string {
  let start = tlv.contentStart;
  while (start < tlv.end - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, tlv.end - start).toString('hex');
}

/** A small non-negative INTEGER or ENUMERATED as a number (up to 2^53 − 1), or undefined beyond. */
export function smallInteger(bytes: Uint8Array, tlv: Tlv): number | undefined {
  let value = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) value = value * 256 + (bytes[i] as number);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A UTCTime or GeneralizedTime (the `YYMMDDHHMMSSZ` / `YYYYMMDDHHMMSSZ` forms RFC 5280 allows). @throws DerError */
export function readTime(bytes: Uint8Array, tlv: Tlv): Date {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + tlv.contentStart, tlv.end - tlv.contentStart).toString('latin1');
  let match: RegExpExecArray | null;
  let year: number;
  if (tlv.tag === TAG.utcTime && (match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text))) {
    const yy = Number(match[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (tlv.tag === TAG.generalizedTime && (match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text))) {
    year = Number(match[1]);
  } else {
    throw new DerError(`not an RFC 5280 time at offset ${tlv.start}`);
  }
  return new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])));
}

/** An object identifier in dotted form. @throws DerError */
export function readOid(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== TAG.oid || tlv.end === tlv.contentStart) throw new DerError(`not an OID at offset ${tlv.start}`);
  const first = bytes[tlv.contentStart] as number;
  const parts = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
  let value = 0;
  for (let i = tlv.contentStart + 1; i < tlv.end; i++) {
    const b = bytes[i] as number;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

// --- writing ---

/** A DER element from its tag and content parts. */
export function der(tag: number, ...content: Uint8Array[]): Buffer {
  let length = 0;
  for (const part of content) length += part.length;
  return Buffer.concat([derHeader(tag, length), ...content]);
}

/** The tag and length octets of an element with `length` content bytes. */
export function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}

/** A positive INTEGER from lowercase hex without leading `00` octets (a `00` is added when the top bit is set). */
export function derPositiveInteger(hex: string): Buffer {
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  const body = Buffer.from(even, 'hex');
  return (body[0] as number) & 0x80 ? der(TAG.integer, Buffer.from([0]), body) : der(TAG.integer, body);
}

/** A small non-negative INTEGER (or ENUMERATED with `tag`). */
export function derSmallInteger(value: number, tag: number = TAG.integer): Buffer {
  const octets: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
  if (octets.length === 0 || (octets[0] as number) & 0x80) octets.unshift(0);
  return der(tag, Buffer.from(octets));
}

/** A time as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime from 2050 (whole seconds). */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? der(TAG.utcTime, Buffer.from(digits.slice(2), 'latin1')) : der(TAG.generalizedTime, Buffer.from(digits, 'latin1'));
}

/** An ECDSA signature in DER (`SEQUENCE { r INTEGER, s INTEGER }`) from WebCrypto's raw `r || s`. */
export function ecdsaSignatureToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  const integer = (part: Uint8Array) => {
    let start = 0;
    while (start < part.length - 1 && part[start] === 0) start++;
    return derPositiveInteger(Buffer.from(part.subarray(start)).toString('hex'));
  };
  return der(TAG.sequence, integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}
