import * as asn1js from 'asn1js';

/** The parameters of a pbeWithSHAAnd… scheme (RFC 7292 appendix C): `SEQUENCE { salt OCTET STRING, iterations INTEGER }`. */
export interface Pkcs12PbeParams {
  salt: Uint8Array;
  iterations: number;
}

/**
 * Encodes pkcs-12PbeParams as an ASN.1 value for an AlgorithmIdentifier's parameters.
 *
 * @param params - salt and iteration count
 */
export function encodePkcs12PbeParams(params: Pkcs12PbeParams): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: params.salt }), new asn1js.Integer({ value: params.iterations })],
  });
}

/**
 * Decodes pkcs-12PbeParams from an AlgorithmIdentifier's parameters.
 *
 * @param value - the parsed ASN.1 parameters
 * @returns the salt and iteration count, or `undefined` when the value does not match the schema
 */
export function decodePkcs12PbeParams(value: unknown): Pkcs12PbeParams | undefined {
  if (!(value instanceof asn1js.BaseBlock)) return undefined;
  const schema = new asn1js.Sequence({
    value: [new asn1js.OctetString({ name: 'salt' }), new asn1js.Integer({ name: 'iterations' })],
  });
  const result = asn1js.compareSchema({} as Parameters<typeof asn1js.compareSchema>[0], value, schema);
  if (!result.verified) return undefined;
  const salt = result.result['salt'] as asn1js.OctetString;
  const iterations = (result.result['iterations'] as asn1js.Integer).valueBlock.valueDec;
  if (!Number.isSafeInteger(iterations) || iterations < 1) return undefined;
  return { salt: new Uint8Array(salt.valueBlock.valueHexView), iterations };
}
