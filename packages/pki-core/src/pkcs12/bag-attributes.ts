import * as asn1js from 'asn1js';
import { Attribute } from 'pkijs';
import { OID } from './pkcs12-algorithms.js';

/** The PKCS#9 attributes Keychain, Windows and OpenSSL use to pair a key bag with its certificate bag. */
export interface BagAttributes {
  /** PKCS#9 friendlyName (a BMPString): the label shown by Keychain and Windows. */
  friendlyName?: string | undefined;
  /** PKCS#9 localKeyId: the same bytes on the key and on its certificate (mtlsctl: SHA-1 of the certificate). */
  localKeyId?: Uint8Array;
}

/**
 * Builds the bag attributes in DER order: `bagAttributes` is a SET OF, whose elements DER sorts by their
 * encodings (X.690 11.6), so a long friendlyName comes after localKeyId.
 *
 * @param attributes - what to set; absent fields are left out
 * @returns the pkijs Attributes, or `undefined` when there are none (the SET is then omitted)
 */
export function makeBagAttributes(attributes: BagAttributes): Attribute[] | undefined {
  const out: Attribute[] = [];
  if (attributes.friendlyName !== undefined) {
    out.push(new Attribute({ type: OID.friendlyName, values: [new asn1js.BmpString({ value: attributes.friendlyName })] }));
  }
  if (attributes.localKeyId !== undefined) {
    out.push(new Attribute({ type: OID.localKeyId, values: [new asn1js.OctetString({ valueHex: attributes.localKeyId })] }));
  }
  return out.length === 0 ? undefined : sortedForDer(out);
}

/** Sorts SET OF elements by their DER encodings, the shorter padded with zero octets (X.690 11.6). */
export function sortedForDer(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER(false)) }));
  encoded.sort((x, y) => {
    const n = Math.max(x.der.length, y.der.length);
    for (let i = 0; i < n; i++) {
      const d = (x.der[i] ?? 0) - (y.der[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return encoded.map((e) => e.a);
}

/**
 * Reads friendlyName and localKeyId from a bag's attributes; other attributes are ignored.
 *
 * @param attributes - the SafeBag's attributes, if any
 */
export function readBagAttributes(attributes: readonly Attribute[] | undefined): BagAttributes {
  const out: BagAttributes = {};
  for (const attribute of attributes ?? []) {
    const [value] = attribute.values as unknown[];
    if (attribute.type === OID.friendlyName && value instanceof asn1js.BmpString) out.friendlyName = value.valueBlock.value;
    if (attribute.type === OID.localKeyId && value instanceof asn1js.OctetString) {
      out.localKeyId = new Uint8Array(value.valueBlock.valueHexView);
    }
  }
  return out;
}
