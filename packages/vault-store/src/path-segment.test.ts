import { thrown } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { assertPathSegment, segmentProblem } from './path-segment.js';
import { InvalidPathSegmentError } from './errors/invalid-path-segment-error.js';

describe('assertPathSegment', () => {
  it.each(['alice', 'bob.smith', 'zoë@example.org', 'a b', 'x'.repeat(128), 'c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2'])('accepts %j', (value) => {
    expect(assertPathSegment(value, 'username')).toBe(value);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(129), 'longer than 128'],
    ['a/b', 'contains "/"'],
    ['..', 'contains ".."'],
    ['a..b', 'contains ".."'],
    ['.', 'is "."'],
    ['new\nline', 'control characters'],
    ['nul\u0000', 'control characters'],
    ['del\u007f', 'control characters'],
  ])('refuses %j (%s)', (value, reason) => {
    expect(segmentProblem(value)).toContain(reason);
    const error = thrown(() => assertPathSegment(value, 'username'));
    expect(error).toBeInstanceOf(InvalidPathSegmentError);
    expect(error).toMatchObject({ code: 'PATH_SEGMENT_INVALID', kind: 'invalid-input', what: 'username' });
  });
});
