import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.js';

describe('lineDiff', () => {
  it.each([
    ['', 'a\nb\n', ['+ a', '+ b']],
    ['a\nb\n', '', ['- a', '- b']],
    ['a\nb\n', 'a\nb', ['  a', '  b']],
    ['a\nb\nc\n', 'a\nx\nc\n', ['  a', '- b', '+ x', '  c']],
    ['path "p" {\n  capabilities = ["read", "list"]\n}\n', 'path "p" {\n  capabilities = ["read"]\n}\n', ['  path "p" {', '-   capabilities = ["read", "list"]', '+   capabilities = ["read"]', '  }']],
    ['a\nb\n', 'b\na\n', ['- a', '  b', '+ a']],
  ])('diffs %j against %j', (before, after, expected) => {
    expect(lineDiff(before, after)).toEqual(expected);
  });
});
