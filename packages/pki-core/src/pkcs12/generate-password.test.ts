import { describe, expect, it } from 'vitest';
import { generatePassword } from './generate-password.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A WebCrypto stand-in whose getRandomValues hands out the given bytes, in order, then zeros. */
function scriptedCrypto(bytes: number[]): Crypto {
  const queue = [...bytes];
  return {
    getRandomValues<T extends ArrayBufferView | null>(array: T): T {
      const view = array as unknown as Uint8Array;
      for (let i = 0; i < view.length; i++) view[i] = queue.shift() ?? 0;
      return array;
    },
  } as Crypto;
}

describe('generatePassword', () => {
  it('makes 24 characters of [A-Za-z0-9] (≈ 143 bits), safe unquoted in shells and URLs', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(encodeURIComponent(password)).toBe(password);
  });

  it('maps random bytes below 248 to letters by their value modulo 62', () => {
    const bytes = Array.from({ length: 24 }, (_, i) => i * 10); // 0, 10, …, 230
    expect(generatePassword(scriptedCrypto(bytes))).toBe(bytes.map((b) => ALPHABET[b % 62]).join(''));
  });

  it('redraws bytes of 248 and above instead of folding them onto the first letters (no modulo bias)', () => {
    const bytes = [248, 255, 250, 61, ...Array.from({ length: 23 }, () => 1)];
    expect(generatePassword(scriptedCrypto(bytes))).toBe(`9${'B'.repeat(23)}`);
  });

  it('keeps drawing until it has 24 characters when a whole batch is rejected', () => {
    const bytes = [...Array.from({ length: 48 }, () => 252), ...Array.from({ length: 24 }, () => 5)];
    expect(generatePassword(scriptedCrypto(bytes))).toBe('F'.repeat(24));
  });

  it('uses every character about equally often and never repeats a password', () => {
    const passwords = Array.from({ length: 2000 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(passwords.length);
    const counts = new Map<string, number>();
    for (const char of passwords.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 48,000 draws: each character expects ≈ 774 (σ ≈ 27.6). A modulo-biased generator would give the first 8
    // characters ≈ 5/4 of the rest (≈ 937 vs 750), far outside ±6σ.
    const expected = 48_000 / 62;
    const sigma = Math.sqrt(48_000 * (1 / 62) * (61 / 62));
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(6 * sigma);
  });
});
