import { InvalidPathSegmentError } from './errors/invalid-path-segment-error.js';

/** The longest name accepted as one path segment. */
export const MAX_SEGMENT_LENGTH = 128;

/**
 * Checks that `value` is safe as ONE segment of a store path (a username, a fingerprint, the CA key's name):
 * non-empty, at most 128 characters, no `/`, no `..`, no control characters. Defense in depth: callers
 * validate names too, but a store path must never be steered elsewhere.
 *
 * @param value - the candidate segment
 * @param what - what it names, for the error (e.g. `username`)
 * @returns the value, unchanged
 * @throws InvalidPathSegmentError
 * @example
 * const path = `clients/${assertPathSegment(username, 'username')}`;
 */
export function assertPathSegment(value: string, what: string): string {
  const reason = segmentProblem(value);
  if (reason) throw new InvalidPathSegmentError({ what, value, reason });
  return value;
}

/** Why `value` is not a safe path segment, or undefined when it is. */
export function segmentProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'it is empty';
  if (value.length > MAX_SEGMENT_LENGTH) return `it is longer than ${MAX_SEGMENT_LENGTH} characters`;
  if (value.includes('/')) return 'it contains "/", which would make it a folder';
  if (value.includes('..')) return 'it contains "..", which could escape its folder';
  if (value === '.') return 'it is "."';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'it contains control characters';
  return undefined;
}
