import { describe, expect, it } from 'vitest';
import { byteOrder } from './byte-order.js';

describe('byteOrder', () => {
  it('sorts as the UTF-8 bytes do, also where UTF-16 code units disagree (U+E000..U+FFFF against characters beyond U+FFFF)', () => {
    const keys = ['z', 'a/', 'é', '\uFFFD', '😀', '\uE000', 'A', 'a', 'a0', '𝔸', 'ﬀ', ''];
    const bytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(byteOrder)).toEqual(bytes);
    // the plain string order puts '😀' (a surrogate pair, 0xD83D…) before '\uFFFD': the bytes put it after
    expect([...keys].sort()).not.toEqual(bytes);
    expect(byteOrder('b', 'b')).toBe(0);
  });
});
