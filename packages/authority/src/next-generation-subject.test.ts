import { describe, expect, it } from 'vitest';
import { nextGenerationSubject } from './next-generation-subject.js';

describe('nextGenerationSubject', () => {
  it.each([
    ['CN=Acme CA, O=Acme', ['CN=Acme CA, O=Acme'], 'CN=Acme CA G2, O=Acme'],
    ['CN=Acme CA G2, O=Acme', ['CN=Acme CA, O=Acme', 'CN=Acme CA G2, O=Acme'], 'CN=Acme CA G3, O=Acme'],
    ['O=Acme, CN=Acme CA', ['O=Acme, CN=Acme CA', 'o=acme,cn=acme ca g2'], 'O=Acme, CN=Acme CA G3'],
    ['O=Acme', ['O=Acme'], 'O=Acme, CN=generation 2'],
  ])('%s (taken %j) becomes %s', (current, taken, expected) => {
    expect(nextGenerationSubject(current, taken)).toBe(expected);
  });
});
