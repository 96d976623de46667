import { describe, expect, it } from 'vitest';
import { makeBagAttributes } from './bag-attributes.js';

const der = (a: { toSchema(): { toBER(s: boolean): ArrayBuffer } }) => Buffer.from(a.toSchema().toBER(false));

describe('makeBagAttributes', () => {
  it.each(['alice', 'a-rather-long-friendly-name-for-keychain'])('writes the SET OF in DER order for friendlyName %j', (friendlyName) => {
    const attributes = makeBagAttributes({ friendlyName, localKeyId: new Uint8Array(20).fill(7) })!;
    const encodings = attributes.map(der);
    const sorted = [...encodings].sort(Buffer.compare);
    expect(encodings).toEqual(sorted);
  });

  it('puts localKeyId first when the friendlyName encoding is longer (an order OpenSSL does not keep)', () => {
    const attributes = makeBagAttributes({ friendlyName: 'a-rather-long-friendly-name-for-keychain', localKeyId: new Uint8Array(20) })!;
    expect(attributes.map((a) => a.type)).toEqual(['1.2.840.113549.1.9.21', '1.2.840.113549.1.9.20']);
  });
});
